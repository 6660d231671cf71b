import type { SyncedTable } from '#shared/domain/types';
import type { Result } from '#shared/result';
import type { Mutation, Rejection } from '#shared/sync/protocol';
import { isPositionalKey, isUnreadable, type BatchItem } from '#shared/sync/protocol-batch';
import { validateMutation, type ValidMutation } from '#shared/sync/protocol-validate';
import { recordKey, type HubStore, type Verdict } from '../store/store';
import { BatchApplier } from './push-apply';
import { lockKeysOf, visitPerson, type Principal } from './push-rules';

export { ForbiddenError, type Principal } from './push-rules';

/** The verdicts of one push, in batch order. */
export interface PushOutcome {
  readonly accepted: string[];
  readonly rejected: Rejection[];
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
