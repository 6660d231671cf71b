import type { Timers } from './timers';

/**
 * A Timers implementation driven by hand, with its own clock, for tests of state classes: time
 * moves only through `advance`, which runs due timers in order (timers they set are honoured).
 */
export class ManualTimers implements Timers {
  now: number;
  #next = 0;
  #pending = new Map<number, { due: number; run: () => void }>();

  constructor(start: number) {
    this.now = start;
  }

  /** The clock for the same test: pass `() => timers.now` as the injected clock. */
  readonly clock = (): number => this.now;

  set(run: () => void, ms: number): () => void {
    const id = this.#next++;
    this.#pending.set(id, { due: this.now + ms, run });
    return () => {
      this.#pending.delete(id);
    };
  }

  /** Moves the clock forward by `ms`, running every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let first: [number, { due: number; run: () => void }] | undefined;
      for (const entry of this.#pending) {
        if (entry[1].due <= end && (!first || entry[1].due < first[1].due)) first = entry;
      }
      if (!first) break;
      this.#pending.delete(first[0]);
      this.now = first[1].due;
      first[1].run();
    }
    this.now = end;
  }

  /** How many timers wait. */
  get pendingCount(): number {
    return this.#pending.size;
  }
}
