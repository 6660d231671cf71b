import { MutationSchema, type Mutation, type Rejection } from '#shared/sync/protocol';
import { isPositionalKey } from '#shared/sync/protocol-batch';

/** The verdicts of one push as the outbox takes them (acknowledgePush). */
export interface PushVerdicts {
  readonly accepted: readonly string[];
  readonly rejected: readonly Rejection[];
}

/** One push batch: what goes on the wire, and what this kiosk rejected itself. */
export interface PushBatch {
  readonly wire: Mutation[];
  readonly local: Rejection[];
}

/**
 * Checks each mutation against the protocol's MutationSchema before it is pushed. An outbox entry
 * that does not fit (a record id with a space, say, from an older build's data) would make main's
 * IPC refuse the whole push every time, and the outbox would never drain. Such an entry is
 * rejected here as the hub rejects one (rule 9): `mutation-malformed`, with the fields at fault;
 * the engine logs it with the hub's rejections and drops it from the outbox. Never throws.
 */
export function checkPushBatch(mutations: readonly Mutation[]): PushBatch {
  const wire: Mutation[] = [];
  const local: Rejection[] = [];
  for (const m of mutations) {
    const parsed = MutationSchema.safeParse(m);
    if (parsed.success) {
      wire.push(m);
      continue;
    }
    const why = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(mutation)'}: ${i.message}`)
      .join('; ');
    local.push({
      mutationId: m.mutationId,
      code: 'mutation-malformed',
      reason: `Not pushed, not a valid mutation: ${why}`,
    });
  }
  return { wire, local };
}

/**
 * The hub's verdicts for `batch.wire` plus the local rejections. A verdict the hub keyed by
 * position (`#<i>`: the element's id was not a valid id, protocol-batch.ts) is given back the id
 * of the wire mutation at that position, so the outbox can drop the entry; this kiosk checks ids
 * before sending, so that is a safeguard, not a path it expects.
 */
export function withLocalVerdicts(reply: PushVerdicts, batch: PushBatch): PushVerdicts {
  const rejected = reply.rejected.map((r) => {
    if (!isPositionalKey(r.mutationId)) return r;
    const sent = batch.wire[Number(r.mutationId.slice(1))];
    return sent === undefined ? r : { ...r, mutationId: sent.mutationId };
  });
  return { accepted: reply.accepted, rejected: [...rejected, ...batch.local] };
}
