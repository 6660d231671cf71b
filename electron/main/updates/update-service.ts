import type { KioskLogger } from '../logging/kiosk-log';
import type { QuietHours } from './quiet-hours';
import {
  DEFAULT_CHECK_EVERY_MS,
  DEFAULT_IDLE_MS,
  decideUpdate,
  type UpdateDecision,
} from './update-policy';

/** What the service drives: electron-updater in the app (electron-updater-port.ts), a fake in tests. */
export interface UpdaterPort {
  /** Asks the hub's feed; a newer version is then downloaded in the background. */
  check(): Promise<void>;
  /**
   * Installs the downloaded version: quits and installs (the app restarts), or stages a .deb for
   * the root installer (stage-update.ts); a rejection means nothing was staged.
   */
  install(): Promise<void>;
  /** Called with the version once a download completed and its sha512 was checked. */
  onDownloaded(listener: (version: string) => void): void;
}

export interface UpdateServiceOptions {
  readonly updater: UpdaterPort;
  readonly log: KioskLogger;
  readonly clock: () => number;
  readonly quiet: QuietHours;
  /** How often the decision is taken (default every minute). */
  readonly tickMs?: number;
  readonly idleMs?: number;
  readonly checkEveryMs?: number;
  readonly timers?: {
    readonly setInterval: (fn: () => void, ms: number) => unknown;
    readonly clearInterval: (handle: unknown) => void;
  };
}

/** The kiosk's updates: main tells it what happens; it checks, downloads and installs in time. */
export interface UpdateService {
  /** A sync run started (true) or ended (false). */
  setSyncing(syncing: boolean): void;
  /** The renderer saw a visitor's interaction at `at`. */
  noteInteraction(at: number): void;
  /** The space's hours changed (a sync brought them). */
  setQuietHours(quiet: QuietHours): void;
  /** Decides once now (the timer calls it); resolves once a check it started has ended. */
  tick(): Promise<UpdateDecision>;
  start(): void;
  stop(): void;
}

/**
 * Builds the update service over `updater` (decision 0040): every `tickMs` it decides with
 * update-policy.ts and checks for, or installs, an update. A failed check is logged and tried
 * again at the next due time; it never reaches the visitor's screen.
 */
export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { updater, log, clock } = options;
  const timers = options.timers ?? {
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms).unref(),
    clearInterval: (handle: unknown) => {
      clearInterval(handle as NodeJS.Timeout);
    },
  };
  let quiet = options.quiet;
  let syncing = false;
  let lastInteractionAt: number | undefined;
  let lastCheckAt: number | undefined;
  let busy = false;
  let downloaded: string | undefined;
  let installing = false;
  let handle: unknown;
  updater.onDownloaded((version) => {
    downloaded = version;
    log.info(`update ${version} downloaded; installed in quiet hours`);
  });
  const tick = async (): Promise<UpdateDecision> => {
    const now = clock();
    const decision = decideUpdate(
      now,
      { syncing, lastInteractionAt, lastCheckAt, busy, downloaded },
      {
        quiet,
        idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
        checkEveryMs: options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS,
      },
    );
    if (decision.action === 'install' && !installing) {
      installing = true;
      log.info(`installing update ${decision.version}`);
      try {
        await updater.install();
      } catch (e) {
        // Tried again once a later check downloads it again (electron-updater's cache).
        log.warn(`update ${decision.version} not installed`, e);
        installing = false;
        downloaded = undefined;
      }
    } else if (decision.action === 'check') {
      busy = true;
      lastCheckAt = now;
      try {
        await updater.check();
      } catch (e) {
        log.warn('update check failed', e);
      } finally {
        busy = false;
      }
    }
    return decision;
  };
  return {
    setSyncing: (value) => {
      syncing = value;
    },
    noteInteraction: (at) => {
      lastInteractionAt = Math.max(at, lastInteractionAt ?? at);
    },
    setQuietHours: (value) => {
      quiet = value;
    },
    tick,
    start: () => {
      if (handle !== undefined) return;
      handle = timers.setInterval(() => void tick(), options.tickMs ?? 60_000);
    },
    stop: () => {
      if (handle === undefined) return;
      timers.clearInterval(handle);
      handle = undefined;
    },
  };
}
