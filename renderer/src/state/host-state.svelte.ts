import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang, Space } from '#shared/domain/types';
import type { Clock } from '../lib/clock';
import type { KioskDb } from '../lib/db/kiosk-db';
import type { VisitorDesk } from '../lib/visitors/visitor-desk';
import type { HostNavigation } from './screen';
import type { VisitorDataState } from './visitor-data-state.svelte';
import { WalkInState } from './walk-in-state.svelte';
import { whoIsIn, type PresenceRow } from './who-is-in';

/** What the host screens use, injected so tests run them on a real database and desk. */
export interface HostStateDeps {
  db: KioskDb;
  config: KioskConfig;
  space: Space | null;
  clock: Clock;
  /** The kiosk's screen routing: which screen is up, and showing a host screen. */
  nav: HostNavigation;
  /** The language a walk-in form records: the kiosk's current one, read at submit. */
  lang: () => Lang;
  /** The walk-in desk; null when this kiosk registers no walk-ins. */
  desk: VisitorDesk | null;
  /** Builds a fresh visitor-data screen; absent when this kiosk offers none. */
  createVisitorData?: () => VisitorDataState;
}

const HOUR_MS = 3_600_000;

/**
 * The host's screens behind the PIN: "who is in" (with check-out), the walk-in registration and
 * its spare-card step, and the visitor-data screen. Each sub-screen's state is a fresh object per
 * visit, so `leave()` (home, idle, a badge result) forgets every field, search and list at once.
 * Opening a sub-screen outside the host screen is ignored. Methods never reject.
 */
export class HostState {
  /** "Who is in now", or null until loaded (and once left). */
  presence = $state<PresenceRow[] | null>(null);
  /** The walk-in being registered (walk-in and bind-card screens). */
  walkIn = $state<WalkInState | null>(null);
  /** The visitor-data screen's state (export, erasure). */
  visitorData = $state<VisitorDataState | null>(null);
  /** The line of "who is in" the host asked to check out, awaiting confirmation; else null. */
  checkOutAsked = $state<PresenceRow | null>(null);
  /** Walk-ins can be registered here. */
  readonly hasVisitorDesk: boolean;
  /** The visitor-data screen is offered here. */
  readonly hasVisitorData: boolean;

  readonly #deps: HostStateDeps;

  constructor(deps: HostStateDeps) {
    this.#deps = deps;
    this.hasVisitorDesk = deps.desk !== null;
    this.hasVisitorData = deps.createVisitorData !== undefined;
  }

  /** The walk-in whose spare card the next read binds: only while the bind-card step shows. */
  get cardToBind(): WalkInState | null {
    return this.#deps.nav.screen() === 'bind-card' ? this.walkIn : null;
  }

  /** Shows the host screen and loads who is in (after the PIN). */
  async enter(): Promise<void> {
    this.checkOutAsked = null;
    this.#deps.nav.show('host');
    await this.refreshPresence();
  }

  /** Opens an empty walk-in form from the host screen (no-op without a desk). */
  openWalkIn(): void {
    const desk = this.#deps.desk;
    if (!desk || this.#deps.nav.screen() !== 'host') return;
    this.walkIn = new WalkInState(desk, this.#deps.lang, this.#deps.space?.country ?? 'BE');
    this.#deps.nav.show('walk-in');
  }

  /** Submits the walk-in form; on success shows the "tap a spare card" step. */
  async submitWalkIn(): Promise<void> {
    const walkIn = this.walkIn;
    if (walkIn && (await walkIn.submit()) && this.walkIn === walkIn)
      this.#deps.nav.show('bind-card');
  }

  /** Leaves the walk-in (cancel, or done after binding) for the host screen, forgetting it. */
  async closeWalkIn(): Promise<void> {
    this.walkIn = null;
    await this.enter();
  }

  /** Opens the visitor-data screen from the host screen, fresh (no-op without it). */
  openVisitorData(): void {
    const create = this.#deps.createVisitorData;
    if (!create || this.#deps.nav.screen() !== 'host') return;
    this.visitorData = create();
    this.#deps.nav.show('visitor-data');
  }

  /** Leaves the visitor-data screen for the host screen, forgetting it; reloads who is in. */
  async closeVisitorData(): Promise<void> {
    this.visitorData = null;
    await this.enter();
  }

  /**
   * First step of a check-out from "who is in" (a member or a visitor): remembers the line to
   * confirm. Ignored for a line that is not in the list (it left meanwhile) or without a desk.
   */
  askCheckOut(visitId: string): void {
    if (!this.#deps.desk) return;
    this.checkOutAsked = this.presence?.find((row) => row.visitId === visitId) ?? null;
  }

  /** The host changed their mind: nothing is written. */
  cancelCheckOut(): void {
    this.checkOutAsked = null;
  }

  /** Second step: checks the asked line out (method `host`), then reloads who is in. */
  async confirmCheckOut(): Promise<void> {
    const row = this.checkOutAsked;
    this.checkOutAsked = null;
    if (row) await this.checkOutVisit(row.visitId);
  }

  /**
   * Checks an open visit out (method `host`, freeing a bound card; a visit already closed stays as
   * it is), then reloads the list. A database error is logged and the list reloaded.
   */
  async checkOutVisit(visitId: string): Promise<void> {
    try {
      await this.#deps.desk?.checkOut(visitId);
    } catch (e) {
      console.error('host check-out failed', e);
    }
    await this.refreshPresence();
  }

  /**
   * Reloads "who is in now": open visits at this space that began within the stale-visit window.
   * A database error leaves the list empty and is logged.
   */
  async refreshPresence(): Promise<void> {
    const { db, config, clock } = this.#deps;
    const since = clock() - config.badge.staleVisitHours * HOUR_MS;
    try {
      this.presence = await whoIsIn(db, config.spaceId, since);
    } catch (e) {
      console.error('who-is-in query failed', e);
      this.presence = [];
    }
  }

  /** Forgets every host sub-screen and the list (the kiosk left host mode). */
  leave(): void {
    this.walkIn = null;
    this.visitorData = null;
    this.presence = null;
    this.checkOutAsked = null;
  }
}
