import { readKeys, normalizeCardInput } from '#shared/card/card-id';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { AgendaEvent, CardRead, CheckMethod, Visit, Visitor } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import type { WalkIn } from '#shared/visitor/walk-in-form';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { findMembersByReadKeys } from '../db/queries';
import {
  searchMembers,
  searchVisitors,
  type MemberMatch,
  type VisitorMatch,
} from './visitor-search';
import { registerWalkIn, type Registration } from './walk-in-registration';

export type { Registration } from './walk-in-registration';

/** Which open visitor visit holds a card, known without IndexedDB (the badge index). */
export interface BoundCardLookup {
  boundVisit(keys: readonly string[]): Visit | null;
}

/** This space's agenda events on at an instant (SpaceEvents), known without IndexedDB. */
export interface EventsOnNow {
  onNow(now: number): AgendaEvent[];
}

/** What the desk needs, injected so tests use a fresh database and their own clock. */
export interface VisitorDeskDeps {
  db: KioskDb;
  config: KioskConfig;
  clock: Clock;
  hlc: HybridLogicalClock;
  /**
   * Bound cards in memory (BadgeIndex). When given, a tap of a card it says no visitor holds —
   * every member's tap — returns null without a database transaction ahead of the badge flow.
   */
  cards?: BoundCardLookup;
  /** This space's events (decision 0025); without it no walk-in is offered an event. */
  events?: EventsOnNow;
}

/** A tap of a card bound to an open visitor visit. */
export type VisitorTap =
  | { kind: 'checked-out'; visitor: Visitor | null; visit: Visit }
  /** Tapped again within the hold-off of binding it: the tap is ignored, nothing stored. */
  | { kind: 'just-bound'; visit: Visit };

/**
 * The host's walk-in desk: registers walk-ins (new or returning), binds spare cards to their
 * visits, checks visitors out by card tap or from the host screen. Every synced write goes with
 * its outbox entry in one Dexie transaction (recordChange); a visitor put carries only the fields
 * it changed (protocol rule 5). Methods reject only when the database does, having written
 * nothing; refusals are `Result` errors with a stable code.
 */
export class VisitorDesk {
  readonly #deps: VisitorDeskDeps;
  readonly #boundAt = new Map<string, number>();

  constructor(deps: VisitorDeskDeps) {
    this.#deps = deps;
  }

  /** Returning visitors matching `query`, masked (visitor-search.ts). */
  findVisitors(query: string): Promise<VisitorMatch[]> {
    return searchVisitors(this.#deps.db, query);
  }

  /** Active members matching `query`, for "meeting a member". */
  findMembers(query: string): Promise<MemberMatch[]> {
    return searchMembers(this.#deps.db, query);
  }

  /** A stored visitor, to re-use their details without showing them; undefined when absent. */
  visitor(id: string): Promise<Visitor | undefined> {
    return this.#deps.db.visitors.get(id);
  }

  /** The events of this space a walk-in may register for now (eventsOnNow's rules), by start. */
  eventsOnNow(): AgendaEvent[] {
    return this.#deps.events?.onNow(this.#deps.clock()) ?? [];
  }

  /**
   * Stores a walk-in and its open visit in one transaction, once per `submissionId`; errors
   * `visitor-not-found`, `event-not-on` (registerWalkIn in walk-in-registration.ts has the rules).
   */
  register(input: {
    walkIn: WalkIn;
    submissionId: string;
    returningVisitorId?: string;
  }): Promise<Result<Registration>> {
    return registerWalkIn(this.#deps, input);
  }

  /**
   * Binds the card of `read` to an open visitor visit: the visit's `cardId` becomes the card's
   * canonical id, which indexes it (derived-index.ts) until the visit closes. Errors:
   * `card-invalid` (unreadable id), `card-is-member` (a member's card), `card-in-use` (bound to
   * another open visit), `visit-not-open` (no such open visitor visit).
   */
  async bindCard(visitId: string, read: CardRead): Promise<Result<Visit>> {
    const { db } = this.#deps;
    const normalized = normalizeCardInput(read.cardId);
    if (!normalized.ok) return err({ code: 'card-invalid', message: normalized.error.message });
    return db.transaction(
      'rw',
      [db.members, db.visits, db.outbox],
      async (): Promise<Result<Visit>> => {
        const keys = readKeys(read.cardId);
        if ((await findMembersByReadKeys(db, keys)).kind !== 'none') {
          return err({ code: 'card-is-member', message: 'This card belongs to a member.' });
        }
        const holder = await this.#boundVisit(keys);
        if (holder && holder.id !== visitId) {
          return err({ code: 'card-in-use', message: 'This card is bound to another visitor.' });
        }
        const visit = await db.visits.get(visitId);
        if (!visit || visit.personKind !== 'visitor' || visit.checkOutAt !== undefined) {
          return err({ code: 'visit-not-open', message: 'The visit is no longer open.' });
        }
        const now = this.#deps.clock();
        const bound: Visit = { ...visit, cardId: normalized.value.canonical };
        await recordChange(db, {
          table: 'visits',
          op: 'put',
          record: bound,
          hlc: this.#tick(),
          now,
        });
        this.#boundAt.set(visitId, now);
        return ok(bound);
      },
    );
  }

  /**
   * A card read checked against bound cards: null when no open visitor visit holds it (the badge
   * flow takes it); otherwise that visit is checked out (freeing the card), unless the card was
   * bound less than the badge hold-off ago (`just-bound`, nothing stored).
   */
  async tap(read: CardRead): Promise<VisitorTap | null> {
    const { db, config, cards } = this.#deps;
    const keys = readKeys(read.cardId);
    if (cards !== undefined && cards.boundVisit(keys) === null) return null;
    return db.transaction('rw', [db.visits, db.visitors, db.outbox], async () => {
      const visit = await this.#boundVisit(keys);
      if (!visit) return null;
      const now = this.#deps.clock();
      const boundAt = this.#boundAt.get(visit.id);
      if (boundAt !== undefined && now - boundAt < config.badge.holdOffMs) {
        return { kind: 'just-bound', visit };
      }
      const closed = await this.#close(visit, read.source, now);
      return {
        kind: 'checked-out',
        visitor: (await db.visitors.get(visit.personId)) ?? null,
        visit: closed,
      };
    });
  }

  /**
   * Checks an open visit out from the host screen (method `host`), freeing a bound card. Resolves
   * with the closed visit, or null when it is unknown or already closed.
   */
  async checkOut(visitId: string): Promise<Visit | null> {
    const { db } = this.#deps;
    return db.transaction('rw', [db.visits, db.outbox], async () => {
      const visit = await db.visits.get(visitId);
      if (!visit || visit.checkOutAt !== undefined) return null;
      return this.#close(visit, 'host', this.#deps.clock());
    });
  }

  async #close(visit: Visit, method: CheckMethod, now: number): Promise<Visit> {
    const closed: Visit = { ...visit, checkOutAt: now, checkOutMethod: method };
    await recordChange(this.#deps.db, {
      table: 'visits',
      op: 'put',
      record: closed,
      hlc: this.#tick(),
      now,
    });
    this.#boundAt.delete(visit.id);
    return closed;
  }

  /** The open visitor visit holding the first of `keys` some visit holds, if exactly one does. */
  async #boundVisit(keys: string[]): Promise<Visit | null> {
    const { db } = this.#deps;
    for (const key of new Set(keys)) {
      const holders = await db.visits.where('boundCardKeys').equals(key).toArray();
      const open = holders.filter(
        (v) => v.checkOutAt === undefined && v.spaceId === this.#deps.config.spaceId,
      );
      if (open.length === 1) return open[0] ?? null;
      // Two open visits on one card cannot be told apart: neither is chosen.
      if (open.length > 1) return null;
    }
    return null;
  }

  #tick(): string {
    return this.#deps.hlc.tick();
  }
}
