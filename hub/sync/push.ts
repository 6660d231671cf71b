import type { SyncedTable } from '#shared/domain/types';
import type { Result } from '#shared/result';
import {
  validateMutation,
  type Mutation,
  type Rejection,
  type ValidMutation,
} from '#shared/sync/protocol';
import { isPositionalKey, isUnreadable, type BatchItem } from '#shared/sync/protocol-batch';
import {
  anonymisedVisitState,
  joinStates,
  materialize,
  type RecordState,
} from '#shared/sync/protocol-merge';
import { isOwnCopy } from '#shared/sync/protocol-own-copy';
import { ANONYMOUS_PERSON_ID, isKeptAtErasure } from '#shared/visitor/retention';
import { cardKeysOfState } from '../store/card-keys';
import {
  personKeyOf,
  recordKey,
  type ChangeWrite,
  type HubStore,
  type RecordRow,
  type SyncTx,
  type Verdict,
} from '../store/store';
import { CardClaims, clashMessage } from './card-claims';
import {
  authorize,
  declaredSpace,
  lockKeysOf,
  ownerOf,
  scopeOf,
  visitPerson,
  type Principal,
} from './push-rules';

export { ForbiddenError, type Principal } from './push-rules';

/** The verdicts of one push, in batch order. */
export interface PushOutcome {
  readonly accepted: string[];
  readonly rejected: Rejection[];
}

/** Why a valid mutation was still refused (its verdict's code and reason). */
interface Refusal {
  readonly code: string;
  readonly reason: string;
}

/** Applies one push inside an open sync transaction (see applyPush). */
class BatchApplier {
  private readonly dirty = new Map<string, RecordRow>();
  private changes: ChangeWrite[] = [];
  private readonly cards: CardClaims;

  constructor(
    private readonly tx: SyncTx,
    private readonly principal: Principal,
    private readonly cache: Map<string, RecordRow>,
    private readonly origin: string | undefined,
  ) {
    this.cards = new CardClaims(tx);
  }

  /** Applies `mutation`, or says why it is refused (a card another member holds). */
  async apply(mutation: ValidMutation): Promise<Refusal | undefined> {
    let m = mutation;
    const key = recordKey(m.table, m.recordId);
    const row = this.cache.get(key);
    authorize(this.principal, m, row);
    if (row?.state.kind === 'erased') {
      // Rule 7: the tombstone wins. The writer still holds what it wrote: tell it again.
      this.correct(m.table, m.recordId, row.ownerSpace, row.state);
      return undefined;
    }
    let person = visitPerson(m);
    const isPersonGone =
      person !== undefined &&
      this.cache.get(recordKey(person.table, person.recordId))?.state.kind === 'erased';
    if (
      isPersonGone &&
      row?.state.kind === 'visit' &&
      row.state.checkIn?.personId === ANONYMOUS_PERSON_ID
    ) {
      // The person is gone but this visit lives on: the retention purge kept it as an anonymous
      // count (an erasure would have left a tombstone). A late push about it stays anonymous.
      m = { ...m, state: anonymisedVisitState(m.state) };
      person = undefined;
    } else if (isPersonGone) {
      // A tombstone, so a check-out of this visit arriving later leaves no trace either. It
      // keeps the person's key until the erasure is compacted (hub/sync/compaction.ts).
      const owner = row?.ownerSpace ?? declaredSpace(m) ?? null;
      this.put({
        table: m.table,
        recordId: m.recordId,
        ownerSpace: owner,
        personKey: person ? personKeyOf(person.table, person.recordId) : null,
        state: { kind: 'erased' },
      });
      this.correct(m.table, m.recordId, owner, { kind: 'erased' });
      return undefined;
    }
    if (m.op === 'erase') {
      await this.erase(m, row);
      return undefined;
    }
    const state = row ? joinStates(row.state, m.state) : m.state;
    if (row && JSON.stringify(state) === JSON.stringify(row.state)) {
      // The write lost every field to newer ones (rule 5): nothing changes here, but the kiosk
      // that wrote it shows its own values until it is told the winners.
      this.correct(m.table, m.recordId, row.ownerSpace, state);
      return undefined;
    }
    if (m.table === 'members') {
      // Checked on the merged state: what kiosks would hold after this write.
      const keys = cardKeysOfState(state);
      const clash = await this.cards.clashOf(m.recordId, keys);
      if (clash)
        return { code: 'card-clash', reason: `Member ${m.recordId}: ${clashMessage(clash)}.` };
      this.cards.claim(m.recordId, keys);
    }
    const owner = ownerOf(this.principal, m, row, state);
    const personKey = person
      ? personKeyOf(person.table, person.recordId)
      : (row?.personKey ?? null);
    this.put({ table: m.table, recordId: m.recordId, ownerSpace: owner, personKey, state });
    const scope = scopeOf(m.table, owner);
    if (state.kind === 'deleted') {
      this.changes.push({ table: m.table, recordId: m.recordId, op: 'delete', scope });
      return undefined;
    }
    const record = materialize(m.table, state);
    if (record !== undefined) {
      // Rule 12: only a kiosk's own push is ever skipped, and only where it holds this record.
      const origin =
        this.principal.kind === 'kiosk' && isOwnCopy(m, row !== undefined, record)
          ? this.origin
          : undefined;
      this.changes.push({
        table: m.table,
        recordId: m.recordId,
        op: 'put',
        record,
        scope,
        ...(origin === undefined ? {} : { origin }),
      });
    }
    return undefined;
  }

  /**
   * Rule 7. Pending writes go first, so the erasure's deletes see (and remove) them. A visit of
   * the person still open here is kept, anonymised, for the evacuation roster (decision 0019):
   * its put reaches the space's kiosks before the erasure. Each closed visit becomes a tombstone
   * announced by a `delete`, so a kiosk that kept its own open copy anonymised drops it.
   */
  private async erase(m: ValidMutation, row: RecordRow | undefined): Promise<void> {
    const personKey = personKeyOf(m.table, m.recordId);
    await this.flush();
    if (m.table === 'members') this.cards.claim(m.recordId, []);
    // Sorted, so both stores write the same log whatever order they read the rows in.
    const visits = (await this.tx.loadVisitsOf(personKey)).sort((a, b) =>
      a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0,
    );
    const closed: RecordRow[] = [];
    for (const visit of visits) {
      if (visit.state.kind !== 'visit') continue;
      if (
        !visit.state.checkIn ||
        !isKeptAtErasure({ checkOutAt: visit.state.checkOut?.checkOutAt })
      ) {
        closed.push(visit);
        continue;
      }
      const state = anonymisedVisitState(visit.state);
      this.put({ ...visit, personKey: null, state });
      const record = materialize('visits', state);
      if (record !== undefined) {
        this.changes.push({
          table: 'visits',
          recordId: visit.recordId,
          op: 'put',
          record,
          scope: scopeOf('visits', visit.ownerSpace),
        });
      }
    }
    await this.flush();
    await this.tx.eraseVisitsOf(personKey);
    for (const visit of closed) {
      this.changes.push({
        table: 'visits',
        recordId: visit.recordId,
        op: 'delete',
        scope: scopeOf('visits', visit.ownerSpace),
      });
    }
    for (const [key, cached] of this.cache) {
      if (cached.table === 'visits' && cached.personKey === personKey) {
        this.cache.set(key, { ...cached, state: { kind: 'erased' } });
      }
    }
    const owner =
      row?.ownerSpace ?? (this.principal.kind === 'kiosk' ? this.principal.spaceId : null);
    this.put({
      table: m.table,
      recordId: m.recordId,
      ownerSpace: owner,
      personKey: null,
      state: { kind: 'erased' },
    });
    this.changes.push({
      table: m.table,
      recordId: m.recordId,
      op: 'erase',
      scope: scopeOf(m.table, owner),
    });
  }

  /** After a replayed mutation: the record's current state again, if it is the kiosk's to see. */
  reannounce(table: SyncedTable, recordId: string): void {
    const row = this.cache.get(recordKey(table, recordId));
    if (!row || this.principal.kind !== 'kiosk') return;
    if (row.ownerSpace !== null && row.ownerSpace !== this.principal.spaceId) return;
    this.correct(table, recordId, row.ownerSpace, row.state);
  }

  /**
   * Re-announces a record's current state to the kiosks of its scope after a write that had no
   * effect, so the writer replaces what it holds (a kiosk's own write is otherwise never
   * corrected: the log entry of the unchanged state lies behind its cursor). A kiosk's write only:
   * an admin's has no local copy to correct.
   */
  private correct(
    table: SyncedTable,
    recordId: string,
    owner: string | null,
    state: RecordState,
  ): void {
    if (this.principal.kind !== 'kiosk') return;
    const scope = scopeOf(table, owner);
    if (state.kind === 'erased') {
      // A person's erasure is announced as such; an erased visit leaves with a plain delete.
      const op = table === 'members' || table === 'visitors' ? 'erase' : 'delete';
      this.changes.push({ table, recordId, op, scope });
    } else if (state.kind === 'deleted') {
      this.changes.push({ table, recordId, op: 'delete', scope });
    } else {
      const record = materialize(table, state);
      if (record !== undefined) this.changes.push({ table, recordId, op: 'put', record, scope });
    }
  }

  private put(row: RecordRow): void {
    const key = recordKey(row.table, row.recordId);
    this.cache.set(key, row);
    this.dirty.set(key, row);
  }

  async flush(): Promise<void> {
    await this.tx.write([...this.dirty.values()], this.changes);
    this.dirty.clear();
    this.changes = [];
  }
}

/** A mutation's verdict, or why it is no mutation at all (rules 8 and 9). */
function check(item: BatchItem, nowMs: number, writer: string | undefined): Result<ValidMutation> {
  if (!isUnreadable(item)) return validateMutation(item, nowMs, writer);
  return { ok: false as const, error: item.unreadable };
}

/**
 * Applies a batch in one transaction of `store` and returns every mutation's verdict, in batch
 * order, after the commit (protocol rule 1): a mutation id seen before gets its first verdict
 * and no second effect (the hub's own writes, `admin`, are never retried by id and keep none); an invalid mutation, or a batch element that is none
 * (shared/sync/protocol-batch.ts), is rejected alone (rule 9); a kiosk's stamp must carry its own
 * node id (rule 8). Verdicts keyed by position (`#<index>`) are answered, never recorded. Rejects
 * with ForbiddenError when any mutation touches another space's record (rule 2): the transaction
 * is rolled back and nothing is written. Rejects with the store's error on database failure.
 * `origin` is the pushing kiosk database's (protocol rule 12): entries that hold exactly what it
 * pushed are tagged with it, and its pulls skip them.
 */
export async function applyPush(
  store: HubStore,
  principal: Principal,
  batch: readonly BatchItem[],
  nowMs: number,
  origin?: string,
): Promise<PushOutcome> {
  const kioskId = principal.kind === 'kiosk' ? principal.kioskId : 'hub';
  const writer = principal.kind === 'kiosk' ? principal.kioskId : undefined;
  // Validated before the transaction, which may wait for others; a replay's result is unused.
  const validated = batch.map((m) => ({ m, v: check(m, nowMs, writer) }));
  return store.syncTransaction(
    async (tx) => {
      // The hub's own writes (admin) are never retried by id: no verdicts to find or keep.
      const isAdmin = principal.kind === 'admin';
      const ids = batch.map((m) => m.mutationId).filter((id) => !isPositionalKey(id));
      const known = isAdmin ? new Map<string, Verdict>() : await tx.loadVerdicts([...new Set(ids)]);
      const checked = validated.map(({ m, v }) => ({
        m,
        v: known.has(m.mutationId) ? undefined : v,
      }));
      // Each record once: a batch of check-ins names the same few people many times.
      const keys = new Map<string, { table: SyncedTable; recordId: string }>();
      // Rule 1 replays: no second effect, but the record's current state is announced again, so a
      // kiosk that lost the first reply and kept its own values learns the hub's merge.
      const replayed = batch.filter(
        (m): m is Mutation => !isUnreadable(m) && known.get(m.mutationId)?.status === 'accepted',
      );
      for (const m of replayed) keys.set(recordKey(m.table, m.recordId), m);
      for (const { v } of checked) {
        if (!v?.ok) continue;
        keys.set(recordKey(v.value.table, v.value.recordId), v.value);
        const person = visitPerson(v.value);
        if (person) keys.set(recordKey(person.table, person.recordId), person);
      }
      const applier = new BatchApplier(
        tx,
        principal,
        await tx.loadRecords([...keys.values()]),
        origin,
      );
      const fresh: Verdict[] = [];
      for (const { m, v } of checked) {
        if (known.has(m.mutationId) || !v) continue;
        const refused = v.ok
          ? await applier.apply(v.value)
          : { code: v.error.code, reason: v.error.message };
        const verdict: Verdict = refused
          ? { mutationId: m.mutationId, kioskId, status: 'rejected', ...refused }
          : { mutationId: m.mutationId, kioskId, status: 'accepted' };
        known.set(m.mutationId, verdict);
        fresh.push(verdict);
      }
      for (const m of replayed) applier.reannounce(m.table, m.recordId);
      // Before the last flush: its change-log write locks the sequencer until the commit.
      if (!isAdmin) await tx.saveVerdicts(fresh.filter((v) => !isPositionalKey(v.mutationId)));
      await applier.flush();
      const outcome: PushOutcome = { accepted: [], rejected: [] };
      for (const id of new Set(batch.map((m) => m.mutationId))) {
        const v = known.get(id);
        if (v?.status === 'accepted') outcome.accepted.push(id);
        else if (v)
          outcome.rejected.push({
            mutationId: id,
            code: v.code ?? 'rejected',
            reason: v.reason ?? '',
          });
      }
      return outcome;
    },
    lockKeysOf(principal, validated),
  );
}
