import type { Clock } from '../lib/clock';
import type { Timers } from '../platform/timers';

/**
 * The home screen's wall clock: `now` is refreshed at each minute boundary once started. The
 * clock shows minutes, so fewer wake-ups mean fewer renders competing with the badge path.
 */
export class MinuteClock {
  now = $state(0);
  readonly #clock: Clock;
  readonly #timers: Timers;
  #cancel: () => void = () => undefined;

  constructor(clock: Clock, timers: Timers) {
    this.#clock = clock;
    this.#timers = timers;
    this.now = clock();
  }

  /** Refreshes `now` and keeps it refreshed until stop(); starting again restarts it. */
  start(): void {
    this.#cancel();
    this.refresh();
    // 50 ms past the boundary, so a timer firing a little early still lands on the new minute.
    this.#cancel = this.#timers.set(
      () => {
        this.start();
      },
      60_000 - (this.now % 60_000) + 50,
    );
  }

  /** Reads the clock now (e.g. when home shows again). */
  refresh(): void {
    this.now = this.#clock();
  }

  stop(): void {
    this.#cancel();
  }
}

/**
 * One inactivity timeout at a time: arming replaces the previous timeout, so only the latest
 * screen's rule applies. `onIdle` runs when the armed time passes without a new arm or cancel.
 */
export class IdleTimeout {
  readonly #timers: Timers;
  readonly #onIdle: () => void;
  #cancel: () => void = () => undefined;

  constructor(timers: Timers, onIdle: () => void) {
    this.#timers = timers;
    this.#onIdle = onIdle;
  }

  /** Starts the timeout afresh; `null` only cancels (a screen with no timeout). */
  arm(ms: number | null): void {
    this.#cancel();
    this.#cancel =
      ms === null
        ? () => undefined
        : this.#timers.set(() => {
            this.#onIdle();
          }, ms);
  }

  cancel(): void {
    this.arm(null);
  }
}
