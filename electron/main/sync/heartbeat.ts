import type { ReaderStatus, SyncStatusReport } from '#shared/ipc/contract';
import type { Result } from '#shared/result';
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_LIMITS,
  type HeartbeatBody,
  type HeartbeatResponse,
} from '#shared/sync/heartbeat';
import type { SchedulerTimers } from './scheduler';

/** What the heartbeat needs of the world; every part injected, so tests drive it. */
export interface HeartbeatDeps {
  /** The hub client's heartbeat (hub-client.ts). */
  readonly send: (body: HeartbeatBody) => Promise<Result<HeartbeatResponse>>;
  readonly appVersion: string;
  readonly clock: () => number;
  /** When main started (epoch ms), for the uptime. */
  readonly startedAt: number;
  readonly timers: SchedulerTimers;
  /** Connectivity as the OS sees it: no periodic heartbeat is tried while offline. */
  readonly isOnline: () => boolean;
  readonly readerStatuses: () => readonly ReaderStatus[];
  /** Free bytes of the data folder's volume, or null when the OS will not say. */
  readonly freeDiskBytes: () => Promise<number | null>;
  readonly log: (message: string) => void;
  /** Default HEARTBEAT_INTERVAL_MS (5 minutes). */
  readonly intervalMs?: number;
  /**
   * Called (not awaited) when a reply says `sendLogs: true`: an operator asked for main's logs
   * (decision 0041). Absent: such replies change nothing.
   */
  readonly onLogsRequested?: () => void;
}

/** Main's heartbeat: one after each sync (the renderer's report), and one every 5 minutes. */
export interface KioskHeartbeat {
  /**
   * Takes the renderer's figures and sends a heartbeat at once; resolves as `beat` does (the
   * sync service does not wait for it). Never rejects.
   */
  report(report: SyncStatusReport): Promise<boolean>;
  /** Arms the periodic heartbeat (idempotent). */
  start(): void;
  stop(): void;
  /**
   * Sends one now, resolving when it is answered or failed; resolves false (sending nothing)
   * before the renderer's first report, whose outbox figures only it knows. Never rejects.
   */
  beat(): Promise<boolean>;
}

/**
 * The kiosk's heartbeat (decision 0029). It never touches the sync: the renderer's report
 * returns before the heartbeat leaves, and a failed heartbeat is logged and kept as the last
 * error code for the next one, nothing more. The periodic one is tried only while the OS says
 * the kiosk is online (a kiosk that cannot reach the hub has nobody to tell).
 */
export function createHeartbeat(deps: HeartbeatDeps): KioskHeartbeat {
  const intervalMs = deps.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  let figures: SyncStatusReport | null = null;
  let heartbeatError: string | null = null;
  let isRunning = false;
  let cancel: () => void = () => undefined;

  async function body(report: SyncStatusReport): Promise<HeartbeatBody> {
    let free: number | null = null;
    try {
      free = await deps.freeDiskBytes();
    } catch {
      // The OS would not say; null is the message's word for it.
    }
    const now = deps.clock();
    return {
      appVersion: deps.appVersion.slice(0, HEARTBEAT_LIMITS.maxText),
      uptimeSeconds: Math.max(0, Math.floor((now - deps.startedAt) / 1000)),
      sentAt: now,
      lastSyncOkAt: report.lastSyncOkAt,
      outboxSize: report.outboxSize,
      outboxOldestAt: report.outboxOldestAt,
      readers: deps
        .readerStatuses()
        .slice(0, HEARTBEAT_LIMITS.maxReaders)
        .map((r) => ({
          name: r.name.slice(0, HEARTBEAT_LIMITS.maxText),
          kind: r.kind,
          state: r.state,
        })),
      freeDiskBytes: free === null ? null : Math.max(0, Math.floor(free)),
      lastErrorCode: report.lastErrorCode ?? heartbeatError,
    };
  }

  async function beat(): Promise<boolean> {
    if (figures === null) return false;
    try {
      const reply = await deps.send(await body(figures));
      heartbeatError = reply.ok ? null : reply.error.code;
      if (!reply.ok) deps.log(`heartbeat failed: ${reply.error.code}`);
      if (reply.ok && reply.value.sendLogs === true) deps.onLogsRequested?.();
      return reply.ok;
    } catch (e) {
      heartbeatError = 'heartbeat-failed';
      deps.log(`heartbeat failed: ${String(e)}`);
      return false;
    }
  }

  function arm(): void {
    cancel = deps.timers.set(() => {
      if (!isRunning) return;
      if (deps.isOnline()) void beat();
      arm();
    }, intervalMs);
  }

  return {
    report(report) {
      figures = report;
      return beat();
    },
    start() {
      if (isRunning) return;
      isRunning = true;
      arm();
    },
    stop() {
      isRunning = false;
      cancel();
    },
    beat,
  };
}
