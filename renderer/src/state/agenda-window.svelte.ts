import type { AgendaEvent, Space } from '#shared/domain/types';
import { addDays, startOfDay, wallDateOf } from '#shared/time/zoned';
import type { Clock } from '../lib/clock';
import type { KioskDb } from '../lib/db/kiosk-db';
import { windowEvents } from '../lib/agenda/agenda-queries';
import type { Timers } from '../platform/timers';

/** How many days the agenda offers, today included (four weeks). */
export const AGENDA_DAYS = 28;

/** What the window needs from outside, injected (main.ts, tests). */
export interface AgendaWindowDeps {
  db: KioskDb;
  clock: Clock;
  timers: Timers;
  /** The kiosk's zone: days begin at its midnight. */
  timeZone: string;
}

/**
 * The agenda's window (docs/decisions/0063-agenda-window-in-memory.md): every stored occurrence
 * that runs during the next four weeks from today's midnight in the kiosk's zone, in start order,
 * and the network's spaces — held in memory while the kiosk runs, so the agenda screen opens,
 * filters and turns pages without a read of the store on the way from the tap to the paint.
 *
 * Kept current: read again after every committed change to events or spaces (a sync's pull, a
 * pruning; several changes during a read make one more read), and at the kiosk's midnight (the
 * four weeks move on). A failed read is logged and keeps what was read before (`hasFailed`).
 * Loaded lazily by main.ts (its days are zoned dates: Temporal).
 */
export class AgendaWindow {
  /** The occurrences of the four weeks, in start order (byStart), cancelled ones included. */
  events = $state.raw<readonly AgendaEvent[]>([]);
  /** The network's spaces by id. */
  spaces = $state.raw<Readonly<Partial<Record<string, Space>>>>({});
  /** The start (epoch ms) of each day offered, and of the day after the last one. */
  days = $state.raw<readonly number[]>([]);
  /** The last read failed (what shows is from the read before, if any). */
  hasFailed = $state(false);
  readonly timeZone: string;

  readonly #deps: AgendaWindowDeps;
  // Not reactive: listeners are told by hand, after the fields above have changed.
  #listeners: (() => void)[] = [];
  #reading: Promise<void> | null = null;
  #readAgain = false;
  #isStopped = false;
  #unsubscribe: () => void = () => undefined;
  #cancelMidnight: () => void = () => undefined;

  constructor(deps: AgendaWindowDeps) {
    this.#deps = deps;
    this.timeZone = deps.timeZone;
  }

  /** Reads the window and follows the store until stop(). Never rejects. */
  start(): Promise<void> {
    this.#unsubscribe = this.#deps.db.commits.subscribe((changes) => {
      if (changes.some((c) => c.table === 'events' || c.table === 'spaces')) void this.#read();
    });
    return this.#read();
  }

  /**
   * Resolves once the window holds today's four weeks: at once when it does (a read under way
   * for a sync is not waited for), else after a read (the first, the first after midnight, or
   * one after a failed read). Never rejects.
   */
  ready(): Promise<void> {
    return this.#isCurrent() && !this.hasFailed ? Promise.resolve() : this.#read();
  }

  /** Tells `listener` each time the window changed; returns its unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Stops following the store and the clock. */
  stop(): void {
    this.#isStopped = true;
    this.#unsubscribe();
    this.#cancelMidnight();
  }

  /** A change came during the last read (and the window still follows the store). */
  #isAskedAgain(): boolean {
    return this.#readAgain && !this.#isStopped;
  }

  #isCurrent(): boolean {
    const now = this.#deps.clock();
    const [today, tomorrow] = this.days;
    return today !== undefined && tomorrow !== undefined && now >= today && now < tomorrow;
  }

  /** Reads the window, or once more after the read under way. Never rejects. */
  #read(): Promise<void> {
    if (this.#reading) {
      this.#readAgain = true;
      return this.#reading;
    }
    const reading = (async () => {
      do {
        this.#readAgain = false;
        await this.#readOnce();
      } while (this.#isAskedAgain());
      this.#reading = null;
    })();
    this.#reading = reading;
    return reading;
  }

  async #readOnce(): Promise<void> {
    const { db, clock, timeZone } = this.#deps;
    const days = this.#isCurrent() ? this.days : daysFrom(clock(), timeZone);
    const from = days[0] ?? 0;
    try {
      const [spaces, events] = await Promise.all([
        db.spaces.toArray(),
        windowEvents(db, from, days[AGENDA_DAYS] ?? from),
      ]);
      this.days = days;
      this.spaces = Object.fromEntries(spaces.map((s) => [s.id, s]));
      this.events = events;
      this.hasFailed = false;
      this.#atMidnight(days[1] ?? from);
    } catch (e) {
      console.error('agenda window unreadable', e);
      this.days = days;
      this.hasFailed = true;
    }
    for (const listener of this.#listeners) listener();
  }

  /** Reads again when `tomorrow` begins (a second after, so the clock is past it). */
  #atMidnight(tomorrow: number): void {
    this.#cancelMidnight();
    if (this.#isStopped) return;
    const wait = Math.max(0, tomorrow - this.#deps.clock()) + 1000;
    this.#cancelMidnight = this.#deps.timers.set(() => void this.#read(), wait);
  }
}

/** The starts of the AGENDA_DAYS days from the day holding `now`, and of the day after. */
function daysFrom(now: number, timeZone: string): number[] {
  const today = wallDateOf(now, timeZone);
  return Array.from({ length: AGENDA_DAYS + 1 }, (_, i) => startOfDay(addDays(today, i), timeZone));
}
