import type { SyncedTable } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import {
  PROTOCOL_VERSION,
  validateMutation,
  type Change,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import { joinStates, materialize, type RecordState } from '#shared/sync/protocol-merge';

/**
 * An in-memory hub behind the SyncTransport interface, for renderer tests: the real hub runs in
 * Node and main's IPC cannot be reached from the test browser (the e2e suite uses the real one).
 * It follows the protocol's rules with the shared merge code: verdicts replayed by mutation id,
 * validation per mutation, a change log keeping the latest change per record, erasure that removes
 * the person's visits and log entries, cursor = sequence. One space; no scoping.
 * Faults for tests: `failNext` answers an error without doing anything; `loseNextReply` commits
 * and then answers a network error (a reply lost after the commit).
 */
export class MemoryHub {
  readonly epoch: string;
  readonly records = new Map<string, { table: SyncedTable; id: string; state: RecordState }>();
  readonly verdicts = new Map<string, { accepted: boolean; code?: string; reason?: string }>();
  readonly log = new Map<string, Change>();
  /** Every push that reached the hub (whether or not its reply did). */
  pushes = 0;
  #seq = 0;
  #faults: { kind: 'fail' | 'lose'; code: string; op: 'push' | 'pull' }[] = [];
  readonly #now: () => number;

  constructor(now: () => number, epoch = 'epoch-1') {
    this.#now = now;
    this.epoch = epoch;
  }

  /** The next `times` calls of `op` answer `code` without effect. */
  failNext(times: number, code = 'hub-network', op: 'push' | 'pull' = 'pull'): void {
    for (let i = 0; i < times; i++) this.#faults.push({ kind: 'fail', code, op });
  }

  /** The next call of `op` is applied, then its reply is lost (answered as a network error). */
  loseNextReply(op: 'push' | 'pull' = 'push'): void {
    this.#faults.push({ kind: 'lose', code: 'hub-network', op });
  }

  /** Drops faults not yet consumed (a sync with nothing to push leaves its push fault). */
  clearFaults(): void {
    this.#faults = [];
  }

  #fault(op: 'push' | 'pull'): { kind: 'fail' | 'lose'; code: string } | undefined {
    const i = this.#faults.findIndex((f) => f.op === op);
    return i < 0 ? undefined : this.#faults.splice(i, 1)[0];
  }

  /** The highest sequence assigned so far (a caught-up kiosk's cursor). */
  get head(): number {
    return this.#seq;
  }

  /** The live record (materialised), or undefined. */
  get(table: SyncedTable, id: string): unknown {
    const r = this.records.get(`${table}/${id}`);
    return r === undefined ? undefined : materialize(table, r.state);
  }

  /** Every live record of `table`. */
  all(table: SyncedTable): unknown[] {
    return [...this.records.values()]
      .filter((r) => r.table === table)
      .map((r) => materialize(table, r.state))
      .filter((r) => r !== undefined);
  }

  /** A hub-side write (import, admin edit, erasure) through the same path as kiosks'. */
  write(mutations: Mutation[]): void {
    this.#apply(mutations);
  }

  push(request: { batch: Mutation[]; hubEpoch?: string }): Promise<Result<PushResponse>> {
    const fault = this.#fault('push');
    if (fault?.kind === 'fail') {
      return Promise.resolve(err({ code: fault.code, message: 'injected' }));
    }
    this.pushes += 1;
    const outcome = this.#apply(request.batch);
    if (fault?.kind === 'lose') {
      return Promise.resolve(err({ code: 'hub-network', message: 'reply lost' }));
    }
    return Promise.resolve(
      ok({
        type: 'push-result',
        protocolVersion: PROTOCOL_VERSION,
        ...outcome,
        hubEpoch: this.epoch,
      }),
    );
  }

  pull(request: {
    cursor: number;
    limit: number;
    hubEpoch?: string;
  }): Promise<Result<PullResponse>> {
    const fault = this.#fault('pull');
    if (fault?.kind === 'fail') {
      return Promise.resolve(err({ code: fault.code, message: 'injected' }));
    }
    const reset =
      (request.hubEpoch !== undefined && request.hubEpoch !== this.epoch) ||
      request.cursor > this.#seq;
    const from = reset ? 0 : request.cursor;
    const after = [...this.log.values()].filter((c) => c.seq > from).sort((a, b) => a.seq - b.seq);
    const changes = after.slice(0, request.limit);
    const hasMore = after.length > changes.length;
    const cursor = hasMore ? (changes.at(-1)?.seq ?? from) : this.#seq;
    const reply: PullResponse = {
      type: 'pull-result',
      protocolVersion: PROTOCOL_VERSION,
      changes,
      cursor,
      hasMore,
      hubEpoch: this.epoch,
      reset,
    };
    return Promise.resolve(
      fault?.kind === 'lose' ? err({ code: 'hub-network', message: 'lost' }) : ok(reply),
    );
  }

  #apply(batch: Mutation[]): Pick<PushResponse, 'accepted' | 'rejected'> {
    const accepted: string[] = [];
    const rejected: PushResponse['rejected'] = [];
    for (const m of batch) {
      const known = this.verdicts.get(m.mutationId);
      if (known?.accepted === true) this.#reannounce(m.table, m.recordId);
      if (known === undefined) {
        const v = validateMutation(m, this.#now());
        if (v.ok) {
          this.#merge(v.value.table, v.value.recordId, v.value.state);
          this.verdicts.set(m.mutationId, { accepted: true });
        } else {
          this.verdicts.set(m.mutationId, {
            accepted: false,
            code: v.error.code,
            reason: v.error.message,
          });
        }
      }
      const verdict = this.verdicts.get(m.mutationId);
      if (verdict?.accepted === true) accepted.push(m.mutationId);
      else
        rejected.push({
          mutationId: m.mutationId,
          code: verdict?.code ?? '',
          reason: verdict?.reason ?? '',
        });
    }
    return { accepted, rejected };
  }

  #merge(table: SyncedTable, id: string, incoming: RecordState): void {
    const key = `${table}/${id}`;
    const old = this.records.get(key);
    if (old?.state.kind === 'erased') {
      this.#reannounce(table, id);
      return;
    }
    const person = incoming.kind === 'visit' ? incoming.checkIn : undefined;
    const personTable = person?.personKind === 'member' ? 'members' : 'visitors';
    if (person && this.records.get(`${personTable}/${person.personId}`)?.state.kind === 'erased') {
      // Rule 7: a visit of an erased person leaves no trace; its writer is told to drop it.
      this.records.set(key, { table, id, state: { kind: 'erased' } });
      this.#reannounce(table, id);
      return;
    }
    const state = old === undefined ? incoming : joinStates(old.state, incoming);
    this.records.set(key, { table, id, state });
    if (state.kind === 'erased') {
      const kind = table === 'members' ? 'member' : 'visitor';
      for (const [k, r] of this.records) {
        if (
          r.state.kind === 'visit' &&
          r.state.checkIn?.personId === id &&
          r.state.checkIn.personKind === kind
        ) {
          this.records.set(k, { ...r, state: { kind: 'erased' } });
          this.log.delete(k);
        }
      }
      this.#append({ table, recordId: id, op: 'erase' });
    } else if (state.kind === 'deleted') {
      this.#append({ table, recordId: id, op: 'delete' });
    } else {
      const record = materialize(table, state);
      if (record !== undefined) this.#append({ table, recordId: id, op: 'put', record });
    }
  }

  /** As the hub after a write without effect: the record's current state again (or its end). */
  #reannounce(table: SyncedTable, id: string): void {
    const r = this.records.get(`${table}/${id}`);
    if (r === undefined) return;
    if (r.state.kind === 'erased') {
      const op = table === 'members' || table === 'visitors' ? 'erase' : 'delete';
      this.#append({ table, recordId: id, op });
    } else if (r.state.kind === 'deleted') {
      this.#append({ table, recordId: id, op: 'delete' });
    } else {
      const record = materialize(table, r.state);
      if (record !== undefined) this.#append({ table, recordId: id, op: 'put', record });
    }
  }

  #append(change: Omit<Change, 'seq'>): void {
    const key = `${change.table}/${change.recordId}`;
    this.log.delete(key);
    this.#seq += 1;
    this.log.set(key, { ...change, seq: this.#seq });
  }
}
