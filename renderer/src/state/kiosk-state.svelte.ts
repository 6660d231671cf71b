import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead, Lang, Space } from '#shared/domain/types';
import type { StartErrorCode } from '#shared/ipc/codes';
import type { AgendaState } from './agenda-state.svelte';
import type { HostState } from './host-state.svelte';
import type { KioskStateDeps, StartProblem } from './kiosk-deps';
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
 * The kiosk's start-up and screen routing: which screen is up, the language, the host PIN entry
 * and the idle timeouts. A greeting is in the member's stored language, unless a language was
 * pressed within `badge.chosenLangMs` before the tap: then in that one (docs: README, Languages). Card reads go to `reads` (ReadRouter), the host's screens live in `host`
 * (HostState); both exist once start() succeeded. Result screens go home after
 * `idle.resultScreenMs`; host screens (and a home screen left in a non-default language) go home
 * after `idle.screenMs` without input, clearing every field.
 */
export class KioskState {
  screen = $state<Screen>('loading');
  lang = $state<Lang>('en');
  config = $state<KioskConfig | null>(null);
  isDemo = $state(false);
  space = $state<Space | null>(null);
  problem = $state<StartProblem | null>(null);
  /** The card read router and the last read's result; null until start() succeeded. */
  reads = $state<ReadRouter | null>(null);
  /** The host's screens; null until start() succeeded. */
  host = $state<HostState | null>(null);
  /** The agenda screen's state while it is open; null otherwise. */
  agenda = $state<AgendaState | null>(null);
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
  #unsubscribeReader: () => void = () => undefined;
  // When a language was last pressed (clock ms); null once used by a greeting or gone home.
  #langChosenAt: number | null = null;

  constructor(deps: KioskStateDeps) {
    this.#deps = deps;
    this.hasAgenda = deps.createAgenda !== undefined;
    this.pinPad = new PinPadState(deps.api);
    this.readers = new ReaderStatusState(deps.api);
    this.lang = deps.initialLang;
    this.#minute = new MinuteClock(deps.clock, deps.timers);
    this.#idle = new IdleTimeout(deps.timers, () => {
      // An unanswered event picker means "no event": the tap's outcome shows instead of home.
      if (this.screen === 'event-picker' && this.reads?.expireQuestion()) return;
      this.#goHome(true);
    });
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
      const { config } = state;
      const info = await this.#deps.api.app.getInfo();
      this.canLeave = info.ok && !info.value.isBrowser;
      if (state.isDemo) await this.#deps.seedDemo(this.#deps.db);
      this.space = (await this.#deps.db.spaces.get(config.spaceId)) ?? null;
      this.config = config;
      this.isDemo = state.isDemo;
      await this.#wire(config);
      this.#unsubscribeReader = this.#deps.api.reader.onCardRead((read) => {
        void this.handleRead(read);
      });
      this.#minute.start();
      this.#goHome(true);
    } catch (e) {
      this.#fail({
        code: 'start-failed' satisfies StartErrorCode,
        path: '',
        message: e instanceof Error ? e.message : String(e),
        details: [],
      });
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
    this.#setLang(lang);
    this.#langChosenAt = this.#deps.clock();
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
   * Opens the agenda from home once its first page is loaded (so the screen never shows empty);
   * ignored without an agenda or when the screen changed meanwhile (a card was tapped). A failed
   * load is logged and home stays. Never rejects.
   */
  async openAgenda(): Promise<void> {
    const create = this.#deps.createAgenda;
    const config = this.config;
    if (!create || !config || this.screen !== 'home') return;
    let agenda: AgendaState;
    try {
      agenda = await create(config, this.timeZone);
      await agenda.open();
    } catch (e) {
      console.error('agenda unavailable', e);
      return;
    }
    // A card read or the host may have changed the screen while the agenda loaded.
    if (!this.#isShowing('home')) {
      agenda.dispose();
      return;
    }
    this.agenda = agenda;
    this.#show('agenda');
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
    this.#closeAgenda();
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
    // The person at the kiosk just said which language they read: that wins for this greeting.
    if (!this.#isLangJustChosen() && lang !== undefined && this.languages.includes(lang)) {
      this.#setLang(lang);
    }
    this.#langChosenAt = null;
    this.#show(screen);
  }

  #isLangJustChosen(): boolean {
    const at = this.#langChosenAt;
    const windowMs = this.config?.badge.chosenLangMs ?? 0;
    return at !== null && this.#deps.clock() - at <= windowMs;
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
    if (resetLang && this.config) {
      this.#setLang(this.config.defaultLang);
      this.#langChosenAt = null;
    }
    this.pinPad.clear();
    this.host?.leave();
    this.reads?.clear();
    this.#closeAgenda();
    this.#minute.refresh();
    this.#show('home');
  }

  #isShowing(screen: Screen): boolean {
    return this.screen === screen;
  }

  #closeAgenda(): void {
    this.agenda?.dispose();
    this.agenda = null;
  }

  #show(screen: Screen): void {
    this.screen = screen;
    this.#armIdle();
  }

  #armIdle(): void {
    const config = this.config;
    if (!config || this.screen === 'loading' || this.screen === 'config-error') {
      this.#idle.cancel();
    } else if (this.isResultScreen) {
      this.#idle.arm(config.idle.resultScreenMs);
    } else if (this.screen !== 'home' || this.lang !== config.defaultLang) {
      this.#idle.arm(config.idle.screenMs);
    } else {
      this.#idle.cancel();
    }
  }
}
