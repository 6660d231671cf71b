import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead, Lang, Space } from '#shared/domain/types';
import type { KioskApi } from '#shared/ipc/contract';
import type { BadgeOutcome } from '../lib/badge';
import type { KioskDb } from '../lib/db/kiosk-db';
import type { VisitorDesk } from '../lib/visitors/visitor-desk';
import type { Timers } from '../platform/timers';
import { PinPadState } from './pin-pad-state.svelte';
import { ReaderStatusState } from './reader-status-state.svelte';
import type { VisitorDataState } from './visitor-data-state.svelte';
import { WalkInState } from './walk-in-state.svelte';
import { whoIsIn, type PresenceRow } from './who-is-in';

/** Every screen the kiosk can show. */
export type Screen =
  | 'loading'
  | 'config-error'
  | 'home'
  | 'welcome'
  | 'unknown'
  | 'inactive'
  | 'store-error'
  | 'host-pin'
  | 'host'
  | 'walk-in'
  | 'bind-card'
  | 'visitor-out'
  | 'visitor-data';

/** Why the kiosk cannot run, for the installer: the file, the error and every bad field. */
export interface StartProblem {
  code: string;
  path: string;
  message: string;
  details: string[];
}

/** What the badge flow must offer; BadgeService (renderer/src/lib/badge) is the real one. */
export interface BadgeHandler {
  /** `onDecided` may show the outcome before it is committed; a rejection then revokes it. */
  handleRead(read: CardRead, onDecided?: (outcome: BadgeOutcome) => void): Promise<BadgeOutcome>;
}

/** Everything KioskState uses from outside, injected so tests can run it on real parts. */
export interface KioskStateDeps {
  api: KioskApi;
  db: KioskDb;
  clock: () => number;
  timers: Timers;
  /** Builds the badge flow once the config is known. */
  createBadge: (config: KioskConfig) => BadgeHandler;
  /** Seeds the demo data set; called only when main reports the demo config. */
  seedDemo: (db: KioskDb) => Promise<unknown>;
  /** Shows a language on the page (i18n locale, `<html lang>`); must apply before the next paint. */
  applyLang: (lang: Lang) => void;
  /** Language of the screens shown before a config is known (loading, config error). */
  initialLang: Lang;
  /** Builds the walk-in desk once the config is known; without it host mode has no walk-ins. */
  createVisitorDesk?: (config: KioskConfig) => VisitorDesk;
  /** Builds a visitor-data screen (GDPR export and erasure); without it host mode has none. */
  createVisitorData?: (config: KioskConfig) => VisitorDataState;
}

const RESULT_SCREENS: ReadonlySet<Screen> = new Set([
  'welcome',
  'unknown',
  'inactive',
  'store-error',
  'visitor-out',
]);
const HOUR_MS = 3_600_000;

/**
 * The kiosk's screen state: which screen is up, the language, the last badge outcome, the host PIN
 * entry and the idle timeouts. Result screens go home after `idle.resultScreenMs`; host screens
 * (and a home screen left in a non-default language) go home after `idle.screenMs` without input,
 * clearing every field. Card reads are handled one at a time, in arrival order, from any screen.
 */
export class KioskState {
  screen = $state<Screen>('loading');
  lang = $state<Lang>('en');
  config = $state<KioskConfig | null>(null);
  isDemo = $state(false);
  space = $state<Space | null>(null);
  problem = $state<StartProblem | null>(null);
  outcome = $state<BadgeOutcome | null>(null);
  presence = $state<PresenceRow[] | null>(null);
  /** The walk-in being registered (walk-in and bind-card screens); null drops every field. */
  walkIn = $state<WalkInState | null>(null);
  /** The host's visitor-data screen (export, erasure); null drops its search and choice. */
  visitorData = $state<VisitorDataState | null>(null);
  /** The visitor a bound card just checked out, for the visitor-out screen. */
  visitorOut = $state<{ name: string | null; at: number } | null>(null);
  /** Why the last card read could not be stored, for the store-error screen. */
  storeError = $state<string | null>(null);
  /** Wall-clock time for the home screen, refreshed each minute. */
  now = $state(0);
  readonly pinPad: PinPadState;
  /** The host screen's card readers, live while that screen shows them. */
  readonly readers: ReaderStatusState;

  readonly languages = $derived<Lang[]>(this.config?.languages ?? []);
  readonly timeZone = $derived(this.space?.timezone ?? 'Europe/Brussels');
  readonly isResultScreen = $derived(RESULT_SCREENS.has(this.screen));

  readonly #deps: KioskStateDeps;
  #badge: BadgeHandler | null = null;
  #desk: VisitorDesk | null = $state(null);
  /** Walk-ins can be registered (a desk was built at start). */
  readonly hasVisitorDesk = $derived(this.#desk !== null);
  #queue: Promise<void> = Promise.resolve();
  #cancelIdle: () => void = () => undefined;
  #cancelTick: () => void = () => undefined;
  #unsubscribeReader: () => void = () => undefined;

  constructor(deps: KioskStateDeps) {
    this.#deps = deps;
    this.pinPad = new PinPadState(deps.api);
    this.readers = new ReaderStatusState(deps.api);
    this.lang = deps.initialLang;
    this.now = deps.clock();
  }

  /**
   * Loads the config from main, seeds demo data in demo mode, builds the badge flow, listens to
   * the shell's readers and shows home. A bad config or a failing start shows 'config-error' with
   * the reason in `problem`; never rejects.
   */
  async start(): Promise<void> {
    try {
      const reply = await this.#deps.api.config.getKiosk();
      if (!reply.ok) {
        this.#fail({ ...reply.error, path: '', details: [...(reply.error.details ?? [])] });
        return;
      }
      const state = reply.value;
      if (state.status === 'invalid') {
        this.#fail({ ...state.error, path: state.path, details: state.error.details ?? [] });
        return;
      }
      if (state.isDemo) await this.#deps.seedDemo(this.#deps.db);
      this.space = (await this.#deps.db.spaces.get(state.config.spaceId)) ?? null;
      this.config = state.config;
      this.isDemo = state.isDemo;
      this.#badge = this.#deps.createBadge(state.config);
      this.#desk = this.#deps.createVisitorDesk?.(state.config) ?? null;
      this.#unsubscribeReader = this.#deps.api.reader.onCardRead((read) => {
        void this.handleRead(read);
      });
      this.#tick();
      this.#goHome(true);
    } catch (e) {
      this.#fail({
        code: 'start-failed',
        path: '',
        message: e instanceof Error ? e.message : String(e),
        details: [],
      });
    }
  }

  /**
   * Runs one card read through the badge flow and shows its outcome (welcome, unknown, inactive),
   * whatever screen is up; a half-typed PIN is cleared. Reads queue so outcomes show in order.
   * Ignored before start() succeeded. The outcome shows as soon as it is decided, before its
   * commit; when the database then fails, the store-error screen replaces it (the person is sent
   * to the host) and the error is logged. The returned promise never rejects.
   */
  handleRead(read: CardRead): Promise<void> {
    this.#queue = this.#queue.then(() => this.#process(read));
    return this.#queue;
  }

  async #process(read: CardRead): Promise<void> {
    const badge = this.#badge;
    if (!badge) return;
    // While the "tap a spare card" step shows, the next read is the card to bind, not a badge.
    if (this.screen === 'bind-card' && this.walkIn) {
      await this.walkIn.bind(read);
      this.noteActivity();
      return;
    }
    if (await this.#visitorTap(read)) return;
    const shown: { outcome: BadgeOutcome | null } = { outcome: null };
    try {
      const outcome = await badge.handleRead(read, (decided) => {
        shown.outcome = decided;
        this.#present(decided);
      });
      if (shown.outcome !== outcome) this.#present(outcome);
    } catch (e) {
      // The database refused the read (disk full, storage wiped…): say so loudly, even over a
      // greeting already shown, and send the person to the host. Nothing half-written remains.
      console.error('badge flow failed', e);
      this.storeError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.outcome = null;
      this.#show('store-error');
    }
  }

  // A card bound to an open visitor visit checks that visit out; true when the read was theirs.
  async #visitorTap(read: CardRead): Promise<boolean> {
    if (!this.#desk) return false;
    try {
      const tap = await this.#desk.tap(read);
      if (tap === null) return false;
      if (tap.kind === 'checked-out') {
        const v = tap.visitor;
        this.#leaveForms();
        this.visitorOut = {
          name: v ? `${v.firstName} ${v.lastName}` : null,
          at: tap.visit.checkOutAt ?? 0,
        };
        this.#show('visitor-out');
      }
      return true;
    } catch (e) {
      console.error('visitor card check failed', e);
      this.storeError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.#show('store-error');
      return true;
    }
  }

  /** Opens an empty walk-in form from the host screen (no-op without a desk). */
  openWalkIn(): void {
    const desk = this.#desk;
    if (!desk || this.screen !== 'host') return;
    this.walkIn = new WalkInState(desk, () => this.lang, this.space?.country ?? 'BE');
    this.#show('walk-in');
  }

  /** Submits the walk-in form; on success shows the "tap a spare card" step. Never rejects. */
  async submitWalkIn(): Promise<void> {
    const walkIn = this.walkIn;
    if (walkIn && (await walkIn.submit()) && this.walkIn === walkIn) this.#show('bind-card');
  }

  /** Leaves the walk-in (cancel, or done after binding) for the host screen, forgetting it. */
  async closeWalkIn(): Promise<void> {
    this.walkIn = null;
    this.#show('host');
    await this.refreshPresence();
  }

  /** The host screen offers the visitor-data screen (reactive: reads `config`). */
  get hasVisitorData(): boolean {
    return this.config !== null && this.#deps.createVisitorData !== undefined;
  }

  /** Opens the visitor-data screen from the host screen, fresh (no-op without it). */
  openVisitorData(): void {
    const config = this.config;
    const create = this.#deps.createVisitorData;
    if (!config || !create || this.screen !== 'host') return;
    this.visitorData = create(config);
    this.#show('visitor-data');
  }

  /** Leaves the visitor-data screen for the host screen, forgetting it; reloads who is in. */
  async closeVisitorData(): Promise<void> {
    this.visitorData = null;
    this.#show('host');
    await this.refreshPresence();
  }

  /** Checks a visit out from "who is in" (freeing a bound card), then reloads the list. */
  async checkOutVisit(visitId: string): Promise<void> {
    try {
      await this.#desk?.checkOut(visitId);
    } catch (e) {
      console.error('host check-out failed', e);
    }
    await this.refreshPresence();
  }

  #leaveForms(): void {
    this.walkIn = null;
    this.visitorOut = null;
    this.visitorData = null;
  }

  #present(outcome: BadgeOutcome): void {
    this.#leaveForms();
    this.pinPad.clear();
    this.presence = null;
    this.storeError = null;
    this.outcome = outcome;
    if (outcome.kind === 'unknown' || outcome.kind === 'inactive') {
      this.#show(outcome.kind);
      return;
    }
    const preferred = outcome.member.preferredLang;
    if (preferred !== undefined && this.languages.includes(preferred)) this.#setLang(preferred);
    this.#show('welcome');
  }

  /** Switches the language, if this kiosk offers it (config.languages); otherwise ignored. */
  chooseLang(lang: Lang): void {
    if (!this.languages.includes(lang)) return;
    this.#setLang(lang);
    this.noteActivity();
  }

  /** Leaves a result or host screen for home (the "Done", "OK" and "Back" buttons). */
  goHome(): void {
    this.#goHome(this.isResultScreen);
  }

  /** Opens the host PIN screen from home. */
  openHostPin(): void {
    this.pinPad.clear();
    this.#show('host-pin');
  }

  /** Submits the PIN; on success opens the host screen and loads who is in. Never rejects. */
  async submitPin(): Promise<void> {
    if (await this.pinPad.submit()) {
      this.#show('host');
      await this.refreshPresence();
    }
  }

  /**
   * Reloads "who is in now": open visits at this space that began within the stale-visit window.
   * A database error leaves the list empty and is logged; never rejects.
   */
  async refreshPresence(): Promise<void> {
    const config = this.config;
    if (!config) return;
    const since = this.#deps.clock() - config.badge.staleVisitHours * HOUR_MS;
    try {
      this.presence = await whoIsIn(this.#deps.db, config.spaceId, since);
    } catch (e) {
      console.error('who-is-in query failed', e);
      this.presence = [];
    }
  }

  /**
   * Any touch or key: restarts the inactivity timeout of non-result screens. Result screens keep
   * their fixed duration so a wedge burst or a stray touch cannot hold a greeting up.
   */
  noteActivity(): void {
    if (!this.isResultScreen) this.#armIdle();
  }

  /** Stops timers and the reader subscription (page unload, tests). */
  dispose(): void {
    this.#cancelIdle();
    this.#cancelTick();
    this.#unsubscribeReader();
    this.readers.close();
  }

  #fail(problem: StartProblem): void {
    this.problem = problem;
    this.#show('config-error');
  }

  #setLang(lang: Lang): void {
    this.lang = lang;
    this.#deps.applyLang(lang);
  }

  #goHome(resetLang: boolean): void {
    if (resetLang && this.config) this.#setLang(this.config.defaultLang);
    this.pinPad.clear();
    this.#leaveForms();
    this.presence = null;
    this.outcome = null;
    this.now = this.#deps.clock();
    this.#show('home');
  }

  #show(screen: Screen): void {
    this.screen = screen;
    this.#armIdle();
  }

  #armIdle(): void {
    this.#cancelIdle();
    const config = this.config;
    if (!config || this.screen === 'loading' || this.screen === 'config-error') return;
    if (this.isResultScreen) {
      this.#cancelIdle = this.#deps.timers.set(() => {
        this.#goHome(true);
      }, config.idle.resultScreenMs);
    } else if (this.screen !== 'home' || this.lang !== config.defaultLang) {
      this.#cancelIdle = this.#deps.timers.set(() => {
        this.#goHome(true);
      }, config.idle.screenMs);
    } else {
      this.#cancelIdle = () => undefined;
    }
  }

  #tick(): void {
    this.now = this.#deps.clock();
    // Wake at the next minute boundary: the clock shows minutes, and fewer renders keep the
    // badge path free.
    this.#cancelTick = this.#deps.timers.set(
      () => {
        this.#tick();
      },
      60_000 - (this.now % 60_000) + 50,
    );
  }
}
