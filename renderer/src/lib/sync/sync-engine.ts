import { SYNC_TRANSIENT_ERRORS, type SyncReason } from '#shared/ipc/contract';
import type { KioskError, Result } from '#shared/result';
import {
  SYNC_LIMITS,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import type { KioskDb } from '../db/kiosk-db';
import { applyPullPage, splitPage } from './apply-pull';
import {
  acknowledgePush,
  readPullPosition,
  readSyncRecord,
  toMutation,
  writeSyncOutcome,
  type SyncErrorInfo,
} from './sync-records';
import { ensureOrigin, newOrigin } from './origin';
import { checkPushBatch, withLocalVerdicts, type PushVerdicts } from './push-batch';
import { pushWindow } from './push-window';
import { ensureInstallId } from './wire-ids';
import type { SyncErrorCode, SyncLocalErrorCode } from '#shared/ipc/codes';

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
  /** Push batches in flight at once (default 3). */
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

class SyncFailure extends Error {
  constructor(readonly error: KioskError) {
    super(error.message);
  }
}

/**
 * The kiosk's sync (docs/architecture.md, "A sync, file by file"), next to Dexie and without Svelte. One sync
 * at a time: a request during a sync is folded into one more run right after it. A run pulls first
 * (so erasures land before anything is pushed), then pushes the outbox in seq order in batches,
 * several in flight (push-window.ts), until it is empty (writes made meanwhile included), then
 * pulls again to fetch the hub's merge of what it pushed. Transient errors are retried with
 * exponential backoff; any other error ends the run, is stored and shown, and the next request
 * starts afresh. Nothing is lost on failure: the outbox is only trimmed of what the hub answered,
 * the cursor only with the page it covers.
 */
export class SyncEngine {
  readonly #o: Required<SyncEngineOptions>;
  #status: SyncStatus = {
    isSyncing: false,
    phase: null,
    lastSuccessAt: null,
    lastError: null,
    pending: 0,
    progress: null,
    isRetrying: false,
    rejectedTotal: 0,
  };
  readonly #listeners = new Set<(s: SyncStatus) => void>();
  #running: Promise<Result<SyncReport>> | null = null;
  #again: SyncReason | null = null;

  constructor(options: SyncEngineOptions) {
    this.#o = {
      pushBatch: 1000,
      pushBatchBytes: SYNC_LIMITS.maxBodyBytes / 4,
      pushWindow: 3,
      pullLimit: 1000,
      pullChunk: 500,
      maxAttempts: 5,
      backoffMs: 1000,
      ...options,
    };
    if (this.#o.pushBatch > SYNC_LIMITS.maxBatch || this.#o.pullLimit > SYNC_LIMITS.maxPullLimit) {
      throw new RangeError('batch sizes exceed SYNC_LIMITS');
    }
    if (this.#o.pushWindow < 1) throw new RangeError('pushWindow must be at least 1');
  }

  get status(): SyncStatus {
    return this.#status;
  }

  /** Calls `listener` on every status change; returns the unsubscribe. */
  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads the last outcome and pending count from Dexie. Rejects on Dexie errors. */
  async load(): Promise<void> {
    const rec = await readSyncRecord(this.#o.db);
    this.#set({
      lastSuccessAt: rec.lastSuccessAt,
      lastError: rec.lastError,
      rejectedTotal: rec.rejected.length,
      pending: await this.#o.db.outbox.count(),
    });
  }

  /**
   * Runs a sync, or joins the one running (which is then followed by one more run, so writes and
   * requests made during it are not left behind). Never rejects: failures are a Result error.
   */
  sync(reason: SyncReason): Promise<Result<SyncReport>> {
    if (this.#running) {
      this.#again = reason;
      return this.#running;
    }
    const run = async (): Promise<Result<SyncReport>> => {
      let result = await this.#runOnce(reason);
      while (this.#again !== null) {
        const next = this.#again;
        this.#again = null;
        result = await this.#runOnce(next);
      }
      return result;
    };
    this.#running = run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #runOnce(reason: SyncReason): Promise<Result<SyncReport>> {
    const { db, clock } = this.#o;
    this.#set({ isSyncing: true, phase: 'pull', progress: { pulled: 0, pushed: 0 } });
    const report = { reason, pulled: 0, pushed: 0, rejected: 0 };
    try {
      report.pulled += await this.#pullAll();
      let isEpochRetried = false;
      // Writes keep arriving while we push; a few rounds take them, the next sync the rest.
      for (let round = 0; round < 5; round++) {
        let pushed: number;
        try {
          pushed = await this.#pushAll(report);
        } catch (e) {
          // The hub's database changed since this run pulled (rule 10: nothing was written).
          // Pulling resets the cursor to the new one; the push then goes again, once.
          const isEpoch = e instanceof SyncFailure && e.error.code === 'hub-epoch-changed';
          if (!isEpoch || isEpochRetried) throw e;
          isEpochRetried = true;
          report.pulled += await this.#pullAll();
          continue;
        }
        if (pushed === 0) break;
        report.pulled += await this.#pullAll();
      }
      const at = clock();
      await writeSyncOutcome(db, { ok: true, at });
      this.#set({ lastSuccessAt: at, lastError: null });
      return { ok: true, value: report };
    } catch (e) {
      const error: KioskError =
        e instanceof SyncFailure
          ? e.error
          : {
              code: 'sync-store-failed' satisfies SyncLocalErrorCode,
              message: e instanceof Error ? e.message : String(e),
            };
      const info: SyncErrorInfo = { code: error.code, message: error.message, at: clock() };
      try {
        await writeSyncOutcome(db, { ok: false, error: info });
      } catch {
        // The store itself failing is what the status shows; nothing more to record it in.
      }
      this.#set({ lastError: info });
      return { ok: false, error };
    } finally {
      let pending = this.#status.pending;
      try {
        pending = await db.outbox.count();
      } catch {
        // Keep the last known count.
      }
      this.#set({ isSyncing: false, phase: null, progress: null, isRetrying: false, pending });
    }
  }

  async #pullAll(): Promise<number> {
    const { db, hub, pullLimit } = this.#o;
    this.#set({ phase: 'pull' });
    // Rule 12: the hub leaves out this database's own writes (origin.ts).
    let origin = await ensureOrigin(db);
    const fetchPage = (position: { cursor: number; hubEpoch: string | null }) =>
      this.#call(() =>
        hub.pull({
          cursor: position.cursor,
          limit: pullLimit,
          ...(position.hubEpoch === null ? {} : { hubEpoch: position.hubEpoch }),
          origin,
        }),
      );
    let pulled = 0;
    let next: Promise<PullResponse> | null = fetchPage(await readPullPosition(db));
    while (next !== null) {
      const page: PullResponse = await next;
      // After a reset the hub's log may hold older copies of this database's writes than it does:
      // from this page on it answers to a new origin, stored with the page, so it receives them.
      const renewed = page.reset ? newOrigin() : undefined;
      if (renewed !== undefined) origin = renewed;
      // The next page is fetched while this one is stored, so the hub and IndexedDB work in
      // parallel. It asks from this page's cursor, which the store holds once this page commits;
      // if the commit fails, the run ends and the prefetched page is dropped unused.
      next = page.hasMore ? fetchPage({ cursor: page.cursor, hubEpoch: page.hubEpoch }) : null;
      next?.catch(() => undefined);
      // Large pages halve the calls; smaller transactions keep each commit as short as a page of
      // 500 was. Each part is stored with the cursor that covers it.
      for (const part of splitPage(page, this.#o.pullChunk)) {
        await applyPullPage(db, part, renewed);
        pulled += part.changes.length;
        this.#progress({ pulled: part.changes.length });
      }
    }
    return pulled;
  }

  async #pushAll(report: { pushed: number; rejected: number }): Promise<number> {
    const { db, hub, clock } = this.#o;
    this.#set({ phase: 'push' });
    const last = (await db.outbox.orderBy(':id').lastKey()) as number | undefined;
    if (last === undefined) return 0;
    const { hubEpoch } = await readPullPosition(db);
    const installId = await ensureInstallId(db);
    const origin = await ensureOrigin(db);
    return pushWindow<PushVerdicts>({
      db,
      last,
      limits: {
        batch: this.#o.pushBatch,
        bytes: this.#o.pushBatchBytes,
        window: this.#o.pushWindow,
      },
      send: async (entries) => {
        const batch = checkPushBatch(entries.map((e) => toMutation(e, installId)));
        if (batch.wire.length === 0)
          return withLocalVerdicts({ accepted: [], rejected: [] }, batch);
        const reply = await this.#call(() =>
          hub.push({ batch: batch.wire, ...(hubEpoch === null ? {} : { hubEpoch }), origin }),
        );
        return withLocalVerdicts(reply, batch);
      },
      answer: async (entries, reply) => {
        const removed = await acknowledgePush(db, entries, installId, reply, clock());
        if (removed === 0) {
          throw new SyncFailure({
            code: 'push-stalled' satisfies SyncLocalErrorCode,
            message: 'The hub answered none of the pushed mutations.',
          });
        }
        report.pushed += reply.accepted.length;
        report.rejected += reply.rejected.length;
        this.#set({
          pending: Math.max(0, this.#status.pending - removed),
          rejectedTotal: this.#status.rejectedTotal + reply.rejected.length,
        });
        this.#progress({ pushed: removed });
        return removed;
      },
    });
  }

  /** One hub call with retries on transient errors; throws SyncFailure when it gives up. */
  async #call<T>(request: () => Promise<Result<T>>): Promise<T> {
    const { maxAttempts, backoffMs, sleep } = this.#o;
    for (let attempt = 1; ; attempt++) {
      let reply: Result<T>;
      try {
        reply = await request();
      } catch (e) {
        // An IPC failure (main restarting): as transient as a network error.
        reply = {
          ok: false,
          error: { code: 'hub-network' satisfies SyncErrorCode, message: String(e) },
        };
      }
      if (reply.ok) {
        if (this.#status.isRetrying) this.#set({ isRetrying: false });
        return reply.value;
      }
      const isTransient = SYNC_TRANSIENT_ERRORS.includes(reply.error.code);
      if (!isTransient || attempt >= maxAttempts) throw new SyncFailure(reply.error);
      this.#set({
        isRetrying: true,
        lastError: { ...reply.error, at: this.#o.clock() },
      });
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }

  #progress(delta: { pulled?: number; pushed?: number }): void {
    const p = this.#status.progress ?? { pulled: 0, pushed: 0 };
    this.#set({
      progress: { pulled: p.pulled + (delta.pulled ?? 0), pushed: p.pushed + (delta.pushed ?? 0) },
    });
  }

  #set(patch: Partial<SyncStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener(this.#status);
  }
}
