import type { SyncReason, SyncRequested } from '#shared/ipc/contract';

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
 * When the kiosk syncs (ARCHITECTURE.md "When"): once a night at a per-kiosk instant of the
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
  /** The next nightly instant after `from` (epoch ms), for the logs and the tests. */
  nextNightlyAt(from: number): number;
}

const MINUTE = 60_000;
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
 * Parses `HH:MM-HH:MM` into minutes of the day. Throws a RangeError on another shape (the config
 * schema already guarantees it; a throw here is a programming error found at start).
 */
export function parseWindow(window: string): { start: number; length: number } {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(window);
  if (!m) throw new RangeError(`not a HH:MM-HH:MM window: ${window}`);
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return { start, length: (end - start + DAY_MINUTES) % DAY_MINUTES };
}

/** Minutes (with fraction) since local midnight in `timeZone` at `ms`. */
function localMinuteOfDay(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute') + get('second') / 60 + (ms % 1000) / MINUTE;
}

/** Creates the scheduler; nothing runs before start(). */
export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { start: windowStart, length } = parseWindow(options.nightlyWindow);
  // Spread in whole seconds over the window, so a thousand kiosks do not arrive at once.
  const jitterMinutes = length === 0 ? 0 : (kioskHash(options.kioskId) % (length * 60)) / 60;
  const target = (windowStart + jitterMinutes) % DAY_MINUTES;
  let isRunning = false;
  let isOnline: boolean | null = null;
  let cancelNightly: () => void = () => undefined;

  function nextNightlyAt(from: number): number {
    const delta = (target - localMinuteOfDay(from, timeZone) + DAY_MINUTES) % DAY_MINUTES;
    let at = from + Math.round(delta * MINUTE);
    // A daylight-saving change between now and then shifts the wall clock: correct once.
    const drift = localMinuteOfDay(at, timeZone) - target;
    const wrapped = ((drift + DAY_MINUTES / 2) % DAY_MINUTES) - DAY_MINUTES / 2;
    if (Math.abs(wrapped) >= 1) at -= Math.round(wrapped * MINUTE);
    return at <= from ? at + DAY_MINUTES * MINUTE : at;
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
