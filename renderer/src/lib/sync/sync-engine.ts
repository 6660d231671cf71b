import type { SyncReason } from '#shared/ipc/contract';
import type { KioskError, Result } from '#shared/result';
import {
  acknowledgePush,
  readPullPosition,
  readSyncRecord,
  toMutation,
  writeSyncOutcome,
  type SyncErrorInfo,
} from './sync-records';
import { ensureOrigin } from './origin';
import { pullPages } from './pull-pages';
import { checkPushBatch, withLocalVerdicts, type PushVerdicts } from './push-batch';
import { pushWindow } from './push-window';
import { ensureInstallId } from './wire-ids';
import type { SyncLocalErrorCode } from '#shared/ipc/codes';
import { callHub, SyncFailure } from './hub-call';
import {
  withEngineDefaults,
  type SyncEngineOptions,
  type SyncReport,
  type SyncStatus,
} from './sync-engine-options';

export type {
  SyncEngineOptions,
  SyncReport,
  SyncStatus,
  SyncTransport,
} from './sync-engine-options';

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
    this.#o = withEngineDefaults(options);
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
    this.#set({ phase: 'pull' });
    return pullPages({
      ...this.#o,
      call: (request) => this.#call(request),
      onStored: (pulled) => {
        this.#progress({ pulled });
      },
    });
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

  /** One hub call with retries on transient errors (hub-call.ts), shown in the status. */
  #call<T>(request: () => Promise<Result<T>>): Promise<T> {
    return callHub(request, {
      ...this.#o,
      onRetrying: (lastError) => {
        this.#set({ isRetrying: true, lastError });
      },
      onReply: () => {
        if (this.#status.isRetrying) this.#set({ isRetrying: false });
      },
    });
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
