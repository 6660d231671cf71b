import type { KioskConfig } from '#shared/config/kiosk-config';
import type { AgendaState } from './agenda-state.svelte';
import type { AgendaWindow } from './agenda-window.svelte';

/**
 * The agenda as the kiosk builds it (main.ts, loading its code lazily): the window of stored
 * events, already following the store, and a maker of the screen's state over it.
 */
export interface AgendaSource {
  readonly window: AgendaWindow;
  /** A new agenda screen's state (filters reset) over `window`. */
  screen(): AgendaState;
}

/** Builds the AgendaSource for the kiosk's zone; rejects when its code cannot load. */
export type CreateAgenda = (config: KioskConfig, timeZone: string) => Promise<AgendaSource>;

/**
 * The kiosk's hold on the agenda (docs/decisions/0063-agenda-window-in-memory.md): its window,
 * built once — ahead of the first tap by prepare() — and kept while the kiosk runs, and the
 * screen's state while the agenda screen is open (a new one per opening, disposed on closing).
 */
export class AgendaSlot {
  /** The agenda screen's state while it is open; null otherwise. */
  agenda = $state<AgendaState | null>(null);

  readonly #create: CreateAgenda | undefined;
  #source: Promise<AgendaSource | null> | null = null;

  /** Without `create` there is no agenda: opening does nothing. */
  constructor(create: CreateAgenda | undefined) {
    this.#create = create;
  }

  /** Builds the window now (its code, its first read), so the first opening need not wait. */
  prepare(config: KioskConfig, timeZone: string): void {
    void this.#sourceFor(config, timeZone);
  }

  /**
   * Opens the agenda once its window holds today's four weeks (at once, once prepared); keeps it
   * only if `isStillWanted()` then (a card read or the host may have changed the screen
   * meanwhile). Code that failed to load is logged and tried again at the next opening.
   * Resolves whether the agenda is open now; never rejects.
   */
  async open(
    config: KioskConfig,
    timeZone: string,
    isStillWanted: () => boolean,
  ): Promise<boolean> {
    const source = await this.#sourceFor(config, timeZone);
    if (!source) return false;
    await source.window.ready();
    if (!isStillWanted()) return false;
    const agenda = source.screen();
    agenda.open();
    // Two taps while the window was first read open twice: the first one's state goes.
    this.close();
    this.agenda = agenda;
    return true;
  }

  /** Disposes the open agenda screen's state, if any (the window stays). */
  close(): void {
    this.agenda?.dispose();
    this.agenda = null;
  }

  /** Closes the screen and stops the window (the kiosk stopping). */
  dispose(): void {
    this.close();
    void this.#source?.then((source) => {
      source?.window.stop();
    });
    this.#source = null;
  }

  #sourceFor(config: KioskConfig, timeZone: string): Promise<AgendaSource | null> {
    const create = this.#create;
    if (!create) return Promise.resolve(null);
    this.#source ??= create(config, timeZone).catch((e: unknown) => {
      console.error('agenda unavailable', e);
      this.#source = null;
      return null;
    });
    return this.#source;
  }
}
