import type { SyncedTable } from '#shared/domain/types';
import { ok, type Result } from '#shared/result';
import {
  PROTOCOL_VERSION,
  type Change,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import { materialize } from '#shared/sync/protocol-merge';
import { validateMutation } from '#shared/sync/protocol-validate';
import { Write, type ChangeWrite, type HeldRecord } from './memory-hub-write';

type Verdict = { accepted: true } | { accepted: false; code: string; reason: string };

const keyOf = (c: { table: SyncedTable; recordId: string }): string => `${c.table}/${c.recordId}`;

/** One entry per record, at its last place: what the real store appends per write (store.ts). */
function lastPerRecord(changes: readonly ChangeWrite[]): ChangeWrite[] {
  const byKey = new Map<string, ChangeWrite>();
  for (const c of changes) {
    const key = keyOf(c);
    byKey.delete(key);
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/**
 * An in-memory stand-in for the hub, for the one renderer test that needs more histories than the
 * real hub serves in a suite's time (sync-engine.model.test.ts, 2 000 per run; decision record
 * 0016). Every other renderer sync test runs on the real hub (lab-hub.ts), and
 * sync-engine.conformance.test.ts holds this stand-in to it: the model's histories run against
 * both, every reply and state compared. It is hub/sync/push.ts and the hub's pull, ported for one
 * space with the shared merge code: verdicts replayed by mutation id (a replay re-announces the
 * record to kiosks), validation per mutation, one log entry per record per write, the log keeping
 * the latest change per record, writes without effect corrected for the writing kiosk, erasure
 * that tombstones the person's visits and drops their entries, cursor = sequence, a full page
 * saying `hasMore`, a kiosk database's own writes left out of its pulls (rule 12). Left out, as the model never needs them: scoping and authorisation (one
 * space), the retention purge's anonymous visits, erasure compaction. Faults are the caller's
 * (hub-lab-types.ts `sendWithFault`).
 */
export class MemoryHub {
  readonly epoch: string;
  readonly records = new Map<string, HeldRecord>();
  readonly verdicts = new Map<string, Verdict>();
  readonly log = new Map<string, Change>();
  /** The origin of each tagged log entry, by record key (rule 12). */
  readonly #origins = new Map<string, string>();
  #seq = 0;
  readonly #now: () => number;

  /** `epoch` is what replies carry (the conformance test gives the real hub's). */
  constructor(now: () => number, epoch = 'epoch-1') {
    this.#now = now;
    this.epoch = epoch;
  }

  /** The highest sequence assigned so far (a caught-up kiosk's cursor). */
  get head(): number {
    return this.#seq;
  }

  /** Every live record of `table`, in the order first written. */
  all(table: SyncedTable): unknown[] {
    return [...this.records.values()]
      .filter((r) => r.table === table)
      .map((r) => materialize(table, r.state))
      .filter((r) => r !== undefined);
  }

  /** A hub-side write (import, admin edit, erasure): a kiosk's path, without corrections. */
  write(mutations: Mutation[]): Pick<PushResponse, 'accepted' | 'rejected'> {
    return this.#apply(mutations, false, undefined);
  }

  /** A kiosk's push, answered as the hub answers it. */
  push(request: {
    batch: Mutation[];
    hubEpoch?: string;
    origin?: string;
  }): Promise<Result<PushResponse>> {
    const outcome = this.#apply(request.batch, true, request.origin);
    return Promise.resolve(
      ok({
        type: 'push-result',
        protocolVersion: PROTOCOL_VERSION,
        ...outcome,
        hubEpoch: this.epoch,
      }),
    );
  }

  /** A kiosk's pull, answered as the hub answers it (a reset on another epoch or a cursor ahead). */
  pull(request: {
    cursor: number;
    limit: number;
    hubEpoch?: string;
    origin?: string;
  }): Promise<Result<PullResponse>> {
    const reset =
      (request.hubEpoch !== undefined && request.hubEpoch !== this.epoch) ||
      request.cursor > this.#seq;
    const from = reset ? 0 : request.cursor;
    // Rule 12: never in a reset page (the hub's log may hold older copies than the kiosk does).
    const skip = reset ? undefined : request.origin;
    const after = [...this.log.values()]
      .filter((c) => c.seq > from && (skip === undefined || this.#origins.get(keyOf(c)) !== skip))
      .sort((a, b) => a.seq - b.seq);
    const changes = after.slice(0, request.limit);
    // As the hub's store: a full page says there may be more, even when there is none.
    const hasMore = changes.length === request.limit;
    const cursor = hasMore ? (changes.at(-1)?.seq ?? from) : Math.max(this.#seq, from);
    return Promise.resolve(
      ok({
        type: 'pull-result',
        protocolVersion: PROTOCOL_VERSION,
        changes,
        cursor,
        hasMore,
        hubEpoch: this.epoch,
        reset,
      }),
    );
  }

  #apply(
    batch: Mutation[],
    isKiosk: boolean,
    origin: string | undefined,
  ): Pick<PushResponse, 'accepted' | 'rejected'> {
    // As the hub: its own writes are never retried by id, so they keep no verdicts.
    const verdicts = isKiosk ? this.verdicts : new Map<string, Verdict>();
    const replayed = batch.filter((m) => verdicts.get(m.mutationId)?.accepted === true);
    const checked = batch.map((m) => ({
      m,
      v: verdicts.has(m.mutationId) ? undefined : validateMutation(m, this.#now()),
    }));
    const write = new Write(this, isKiosk, origin);
    for (const { m, v } of checked) {
      // A second copy in the same batch has its verdict from the first: no second effect.
      if (verdicts.has(m.mutationId) || v === undefined) continue;
      if (v.ok) {
        write.apply(v.value);
        verdicts.set(m.mutationId, { accepted: true });
      } else {
        verdicts.set(m.mutationId, {
          accepted: false,
          code: v.error.code,
          reason: v.error.message,
        });
      }
    }
    for (const m of replayed) write.reannounce(m.table, m.recordId);
    write.flush();
    const outcome: Pick<PushResponse, 'accepted' | 'rejected'> = { accepted: [], rejected: [] };
    for (const id of new Set(batch.map((m) => m.mutationId))) {
      const verdict = verdicts.get(id);
      if (verdict?.accepted === true) outcome.accepted.push(id);
      else if (verdict) outcome.rejected.push({ mutationId: id, ...verdict });
    }
    return outcome;
  }

  /** Appends changes as the hub's store does: one entry per record, each at a new sequence. */
  append(changes: readonly ChangeWrite[]): void {
    for (const { origin, ...change } of lastPerRecord(changes)) {
      const key = keyOf(change);
      this.log.delete(key);
      this.#seq += 1;
      this.log.set(key, { ...change, seq: this.#seq });
      if (origin === undefined) this.#origins.delete(key);
      else this.#origins.set(key, origin);
    }
  }
}
