import type { SyncReason, SyncRequested } from '#shared/ipc/contract';
import { dailyAfter } from '#shared/time/daily';
import { parseWallTime, secondOfDay, wallTimeOfSecond } from '#shared/time/wall';
import { systemTimeZone } from '#shared/time/zoned';

/** One-shot timers, injected so tests drive time. `set` returns the cancel function. */
export interface SchedulerTimers {
  set(run: () => void, ms: number): () => void;
}

export interface SyncSchedulerOptions {
  readonly kioskId: string;
  /** `HH:MM-HH:MM` in `timeZone` (kiosk config `sync.nightlyWindow`); may cross midnight. */
  readonly nightlyWindow: string;
  /** IANA zone of the space; default the machine's. */
  readonly timeZone?: string;
  readonly clock: () => number;
  readonly timers: SchedulerTimers;
  /** Delivers a request to the renderer (sync.onRequested). */
  readonly emit: (request: SyncRequested) => void;
}

/**
 * When the kiosk syncs (docs/architecture.md, "A sync, file by file"): once a night at a per-kiosk instant of the
 * configured window, when the network comes back, and when the host asks. The scheduler only
 * emits requests; the renderer's engine runs one sync at a time and folds overlapping requests.
 */
export interface SyncScheduler {
  /** Arms the nightly timer (idempotent). */
  start(): void;
  /** Cancels the nightly timer; later notifications and requests emit nothing. */
  stop(): void;
  /** Emits a request now (the host's "Sync now" is 'manual'). Ignored when stopped. */
  requestNow(reason: SyncReason): void;
  /**
   * The wiring reports connectivity; an offline → online transition emits 'reconnect'. The first
   * report only sets the state: start-up is not a reconnection.
   */
  notifyOnline(isOnline: boolean): void;
  /**
   * The next nightly instant strictly after `from` (epoch ms), for the logs and the tests: the
   * kiosk's own wall time in the window, once per night (`shared/time/daily.ts`). On the
   * spring-forward night a wall time the clocks skip fires an hour later in wall time (02:30 →
   * 03:30 in Brussels, still inside a 02:00-04:00 window); on the fall-back night a wall time
   * they repeat fires once, the first time.
   */
  nextNightlyAt(from: number): number;
}

const DAY_MINUTES = 24 * 60;

/** FNV-1a, 32 bits: a stable spread of kiosk ids over the window (not a security hash). */
export function kioskHash(kioskId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < kioskId.length; i++) {
    h ^= kioskId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Parses `HH:MM-HH:MM` into minutes of the day; the length wraps past midnight and is 0 when both
 * ends are equal. Throws a RangeError on another shape (the config schema already guarantees it;
 * a throw here is a programming error found at start).
 */
export function parseWindow(window: string): { start: number; length: number } {
  const [from = '', to = '', ...rest] = window.split('-');
  if (rest.length > 0) throw new RangeError(`not a HH:MM-HH:MM window: ${window}`);
  const start = secondOfDay(parseWallTime(from)) / 60;
  const end = secondOfDay(parseWallTime(to)) / 60;
  return { start, length: (end - start + DAY_MINUTES) % DAY_MINUTES };
}

/** Creates the scheduler; nothing runs before start(). */
export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const timeZone = options.timeZone ?? systemTimeZone();
  const { start: windowStart, length } = parseWindow(options.nightlyWindow);
  // Spread in whole seconds over the window, so a thousand kiosks do not arrive at once.
  const jitterSeconds = length === 0 ? 0 : kioskHash(options.kioskId) % (length * 60);
  const target = wallTimeOfSecond(windowStart * 60 + jitterSeconds);
  let isRunning = false;
  let isOnline: boolean | null = null;
  let cancelNightly: () => void = () => undefined;

  function nextNightlyAt(from: number): number {
    return dailyAfter(from, target, timeZone);
  }

  function arm(): void {
    cancelNightly();
    const now = options.clock();
    cancelNightly = options.timers.set(
      () => {
        if (!isRunning) return;
        options.emit({ reason: 'nightly' });
        arm();
      },
      nextNightlyAt(now + 1000) - now,
    );
  }

  return {
    start() {
      if (isRunning) return;
      isRunning = true;
      arm();
    },
    stop() {
      isRunning = false;
      cancelNightly();
    },
    requestNow(reason) {
      if (isRunning) options.emit({ reason });
    },
    notifyOnline(online) {
      const wasOffline = isOnline === false;
      isOnline = online;
      if (online && wasOffline && isRunning) options.emit({ reason: 'reconnect' });
    },
    nextNightlyAt,
  };
}
