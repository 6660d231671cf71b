import type { SyncReason } from '#shared/ipc/contract';
import type { Result } from '#shared/result';
import {
  SYNC_LIMITS,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import type { SyncErrorInfo } from './sync-records';

/** The hub as the renderer reaches it: main's `sync` IPC domain (window.kiosk.sync). */
export interface SyncTransport {
  push(request: {
    batch: Mutation[];
    hubEpoch?: string;
    origin?: string;
  }): Promise<Result<PushResponse>>;
  pull(request: {
    cursor: number;
    limit: number;
    hubEpoch?: string;
    origin?: string;
  }): Promise<Result<PullResponse>>;
}

/** What the host screen shows. A fresh object is emitted on every change. */
export interface SyncStatus {
  readonly isSyncing: boolean;
  readonly phase: 'pull' | 'push' | null;
  readonly lastSuccessAt: number | null;
  readonly lastError: SyncErrorInfo | null;
  /** Outbox entries waiting for the hub, as of the engine's last look. */
  readonly pending: number;
  /** The current sync's counts; null when idle. */
  readonly progress: { readonly pulled: number; readonly pushed: number } | null;
  /** True while waiting to retry after a transient failure (a stalled hub or network). */
  readonly isRetrying: boolean;
  readonly rejectedTotal: number;
}

/** What one finished sync did. */
export interface SyncReport {
  readonly reason: SyncReason;
  readonly pulled: number;
  readonly pushed: number;
  readonly rejected: number;
}

export interface SyncEngineOptions {
  readonly db: KioskDb;
  readonly hub: SyncTransport;
  readonly clock: () => number;
  /** Waits before a retry; tests pass a fast one. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly pushBatch?: number;
  /**
   * Record JSON per push batch past its first entry (UTF-16 units; default a quarter of the hub's
   * body limit, so even non-ASCII records stay under it: an oversized body is refused, not retried).
   */
  readonly pushBatchBytes?: number;
  /** Push batches in flight at once (default 5; decision 0057). */
  readonly pushWindow?: number;
  /** Changes asked per pull (default 1000, the protocol's most). */
  readonly pullLimit?: number;
  /** Changes stored per Dexie transaction, each with its cursor (default 500). */
  readonly pullChunk?: number;
  /** Calls per request before giving up on a transient error (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each time (default 1 s). */
  readonly backoffMs?: number;
}

/** The options with their defaults filled in; throws a RangeError past the protocol's limits. */
export function withEngineDefaults(options: SyncEngineOptions): Required<SyncEngineOptions> {
  const o: Required<SyncEngineOptions> = {
    pushBatch: 1000,
    pushBatchBytes: SYNC_LIMITS.maxBodyBytes / 4,
    pushWindow: 5,
    pullLimit: 1000,
    pullChunk: 500,
    maxAttempts: 5,
    backoffMs: 1000,
    ...options,
  };
  if (o.pushBatch > SYNC_LIMITS.maxBatch || o.pullLimit > SYNC_LIMITS.maxPullLimit) {
    throw new RangeError('batch sizes exceed SYNC_LIMITS');
  }
  if (o.pushWindow < 1) throw new RangeError('pushWindow must be at least 1');
  return o;
}
