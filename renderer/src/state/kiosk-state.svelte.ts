import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead, Lang, Space } from '#shared/domain/types';
import { AgendaSlot } from './agenda-slot.svelte';
import type { AgendaState } from './agenda-state.svelte';
import type { HostState } from './host-state.svelte';
import { idleMsFor } from './idle-rule';
import type { KioskStateDeps, StartProblem } from './kiosk-deps';
import { KioskLang } from './kiosk-lang.svelte';
import { readStartConfig, startFailed } from './kiosk-start';
import { IdleTimeout, MinuteClock } from './kiosk-timers.svelte';
import { wireFlows } from './kiosk-wiring';
import { PinPadState } from './pin-pad-state.svelte';
import type { ReadRouter } from './read-router.svelte';
import { ReaderStatusState } from './reader-status-state.svelte';
import { isResultScreen, type ResultScreen, type Screen } from './screen';
import type { UpcomingState } from './upcoming-state.svelte';

export type { Screen } from './screen';
export type { BadgeHandler } from './read-router.svelte';
export type { KioskStateDeps, StartProblem } from './kiosk-deps';

/**
 * The kiosk's start-up and screen routing: which screen is up, the language (KioskLang: a
 * greeting's, unless one was just pressed), the host PIN entry and the idle timeouts. Card reads
 * go to `reads` (ReadRouter), the host's screens live in `host` (HostState), the agenda in an
 * AgendaSlot; reads and host exist once start() succeeded. Each screen shown arms its idle
 * timeout afresh (idleMsFor); result screens keep theirs, other screens restart it on any input.
 */
export class KioskState {
  screen = $state<Screen>('loading');
  config = $state<KioskConfig | null>(null);
  isDemo = $state(false);
  space = $state<Space | null>(null);
  problem = $state<StartProblem | null>(null);
  /** The card read router and the last read's result; null until start() succeeded. */
  reads = $state<ReadRouter | null>(null);
  /** The host's screens; null until start() succeeded. */
  host = $state<HostState | null>(null);
  /** The next events that take turns on the home screen; null until start() succeeded. */
  upcoming = $state<UpcomingState | null>(null);
  readonly pinPad: PinPadState;
  /** Whether there is a kiosk mode to leave (the shell, not a plain browser's page). */
  canLeave = $state(false);
  /** The host screen's card readers, live while that screen shows them. */
  readonly readers: ReaderStatusState;

  readonly languages = $derived<Lang[]>(this.config?.languages ?? []);
  readonly timeZone = $derived(this.space?.timezone ?? 'Europe/Brussels');
  readonly isResultScreen = $derived(isResultScreen(this.screen));
  readonly hasAgenda: boolean;

  readonly #deps: KioskStateDeps;
  readonly #minute: MinuteClock;
  readonly #idle: IdleTimeout;
  readonly #lang: KioskLang;
  readonly #agenda: AgendaSlot;
  #unsubscribeReader: () => void = () => undefined;

  constructor(deps: KioskStateDeps) {
    this.#deps = deps;
    this.hasAgenda = deps.createAgenda !== undefined;
    this.#agenda = new AgendaSlot(deps.createAgenda);
    this.pinPad = new PinPadState(deps.api);
    this.readers = new ReaderStatusState(deps.api);
    this.#lang = new KioskLang(deps.initialLang, deps.clock, deps.applyLang, () => this.config);
    this.#minute = new MinuteClock(deps.clock, deps.timers);
    this.#idle = new IdleTimeout(deps.timers, () => {
      // An unanswered event picker means "no event": the tap's outcome shows instead of home.
      if (this.screen === 'event-picker' && this.reads?.expireQuestion()) return;
      this.#goHome(true);
    });
  }

  /** The language shown (KioskLang: a greeting's, or one just pressed). */
  get lang(): Lang {
    return this.#lang.lang;
  }

  /** The agenda screen's state while it is open; null otherwise. */
  get agenda(): AgendaState | null {
    return this.#agenda.agenda;
  }

  /** Wall-clock time for the home screen, refreshed each minute. */
  get now(): number {
    return this.#minute.now;
  }

  /**
   * Loads the config from main, seeds demo data in demo mode, builds the badge flow (loading what
   * it decides from: 'loading' shows meanwhile), the host screens and the read router, listens to
   * the shell's readers and shows home. A bad config or
   * a failing start shows 'config-error' with the reason in `problem`; never rejects.
   */
  async start(): Promise<void> {
    try {
      const read = await readStartConfig(this.#deps.api);
      if (!read.ok) {
        this.#fail(read.error);
        return;
      }
      const { config, isDemo } = read.value;
      const info = await this.#deps.api.app.getInfo();
      this.canLeave = info.ok && !info.value.isBrowser;
      if (isDemo) await this.#deps.seedDemo(this.#deps.db);
      this.space = (await this.#deps.db.spaces.get(config.spaceId)) ?? null;
      this.config = config;
      this.isDemo = isDemo;
      await this.#wire(config);
      this.#unsubscribeReader = this.#deps.api.reader.onCardRead((read) => {
        void this.handleRead(read);
      });
      this.#minute.start();
      this.#goHome(true);
      // The agenda's window is read once home shows, so the first tap on "Agenda" finds it.
      this.#agenda.prepare(config, this.timeZone);
    } catch (e) {
      this.#fail(startFailed(e));
    }
  }

  /**
   * Hands a card read to the router (ReadRouter.handle); ignored before start() succeeded. A wedge
   * read is noted for the readers list first (main cannot see the wedge).
   */
  handleRead(read: CardRead): Promise<void> {
    if (read.source === 'wedge') this.readers.noteWedgeRead(read.at);
    return this.reads?.handle(read) ?? Promise.resolve();
  }

  /** A reader read that was no whole card (ReadRouter.unreadable); ignored before start(). */
  handleUnreadable(): Promise<void> {
    return this.reads?.unreadable() ?? Promise.resolve();
  }

  /**
   * Switches the language, if this kiosk offers it (config.languages); otherwise ignored. A tap
   * within `badge.chosenLangMs` after the press is greeted in this language, not the member's own.
   */
  chooseLang(lang: Lang): void {
    if (!this.languages.includes(lang)) return;
    this.#lang.choose(lang);
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

  /**
   * Opens the agenda from home once its window is read (at once after the first time, so the
   * screen never shows empty); ignored without an agenda or when the screen changed meanwhile (a
   * card was tapped). Agenda code that fails to load is logged and home stays. Never rejects.
   */
  async openAgenda(): Promise<void> {
    const config = this.config;
    if (!config || this.screen !== 'home') return;
    // A card read or the host may have changed the screen while the agenda loaded.
    const isOpen = await this.#agenda.open(config, this.timeZone, () => this.#isShowing('home'));
    if (isOpen) this.#show('agenda');
  }

  /** From the host screen: asks the PIN again to leave kiosk mode (main quits if it is right). */
  openLeaveKiosk(): void {
    this.pinPad.clear('leave');
    this.#show('host-pin');
  }

  /** From the host screen: asks the PIN again to run the setup again (docs/decisions/0042). */
  openSetupAgain(): void {
    this.pinPad.clear('setup');
    this.#show('host-pin');
  }

  /** Back from the PIN asked to leave kiosk mode: the host screen, still open. */
  backToHost(): void {
    this.pinPad.clear();
    this.#show('host');
  }

  /**
   * Submits the PIN; on success opens the host screen and loads who is in (or, asked to leave
   * kiosk mode, main is quitting: the screen says so). Never rejects.
   */
  async submitPin(): Promise<void> {
    const purpose = this.pinPad.purpose;
    const isRight = await this.pinPad.submit();
    if (isRight && purpose === 'setup') this.#deps.reload?.();
    if (isRight && purpose === 'enter' && this.host) await this.host.enter();
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
    this.#idle.cancel();
    this.#minute.stop();
    this.upcoming?.stop();
    this.#agenda.dispose();
    this.#unsubscribeReader();
    this.readers.close();
  }

  async #wire(config: KioskConfig): Promise<void> {
    const wired = await wireFlows(config, this.#deps, {
      space: this.space,
      lang: () => this.lang,
      hostNav: {
        screen: () => this.screen,
        show: (screen) => {
          this.#show(screen);
        },
      },
      resultNav: {
        showResult: (screen, lang) => {
          this.#showResult(screen, lang);
        },
        noteActivity: () => {
          this.noteActivity();
        },
      },
    });
    this.host = wired.host;
    this.upcoming = wired.upcoming;
    this.reads = wired.reads;
  }

  #showResult(screen: ResultScreen, lang?: Lang): void {
    this.pinPad.clear();
    this.host?.leave();
    this.#lang.greet(lang);
    this.#show(screen);
  }

  #fail(problem: StartProblem): void {
    this.problem = problem;
    this.#show('config-error');
  }

  #goHome(resetLang: boolean): void {
    if (resetLang) this.#lang.reset();
    this.pinPad.clear();
    this.host?.leave();
    this.reads?.clear();
    this.#agenda.close();
    this.#minute.refresh();
    this.#show('home');
  }

  #isShowing(screen: Screen): boolean {
    return this.screen === screen;
  }

  #show(screen: Screen): void {
    this.screen = screen;
    this.#armIdle();
  }

  #armIdle(): void {
    this.#idle.arm(idleMsFor(this.screen, this.lang, this.config));
  }
}
