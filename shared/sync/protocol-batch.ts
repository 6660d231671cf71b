import { z } from 'zod';
import {
  MUTATION_ID_PATTERN,
  MutationSchema,
  PushRequestSchema,
  SYNC_LIMITS,
  type Mutation,
} from './protocol';

/**
 * How the hub reads a push batch element by element (protocol rule 9). A batch element that is not
 * a Mutation (a bad id, table, op, a missing field, not even an object) is rejected alone with
 * `mutation-malformed`; the rest of the batch applies. Only a request whose envelope cannot be read
 * (not JSON, not an object, no `batch` array, a bad `kioskId`) is refused whole with 400.
 *
 * The verdict of an unreadable element is keyed by its `mutationId` when that is a well-formed id
 * (and recorded, so a retry gets it again: rule 1); otherwise by `#<index>`, the element's 0-based
 * position in the batch (never recorded: no id to replay it by). `#` is outside the id alphabet, so
 * such a key never names a real mutation.
 */

/** A push request whose batch elements are read one by one (see readBatchItem). */
export const PushEnvelopeSchema = PushRequestSchema.extend({
  batch: z.array(z.unknown()).max(SYNC_LIMITS.maxBatch),
});
export type PushEnvelope = z.infer<typeof PushEnvelopeSchema>;

/** A batch element that is not a Mutation, with the key its verdict travels under. */
export interface UnreadableMutation {
  /** The element's well-formed `mutationId`, or `#<index>`. */
  readonly mutationId: string;
  readonly unreadable: { readonly code: 'mutation-malformed'; readonly message: string };
}

/** One batch element as read: a Mutation, or why it is not one. */
export type BatchItem = Mutation | UnreadableMutation;

/** True when `item` could not be read as a Mutation. */
export function isUnreadable(item: BatchItem): item is UnreadableMutation {
  return 'unreadable' in item;
}

/** True when `key` is a positional verdict key (`#<index>`), not a mutation id. */
export function isPositionalKey(key: string): boolean {
  return key.startsWith('#');
}

/** The verdict key of a batch element that is not a Mutation (see the module comment). */
export function verdictKeyOf(raw: unknown, index: number): string {
  const id =
    typeof raw === 'object' && raw !== null
      ? (raw as Record<string, unknown>)['mutationId']
      : undefined;
  return typeof id === 'string' && MUTATION_ID_PATTERN.test(id) ? id : `#${index}`;
}

/**
 * Reads the batch element at `index`. Never throws: a Mutation when it fits MutationSchema, else an
 * UnreadableMutation naming the fields at fault (field names and schema messages, never values).
 */
export function readBatchItem(raw: unknown, index: number): BatchItem {
  const parsed = MutationSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(mutation)'}: ${i.message}`)
    .join('; ');
  return {
    mutationId: verdictKeyOf(raw, index),
    // Bounded: an unknown key is named in the reason, and the reason is stored with the verdict.
    unreadable: { code: 'mutation-malformed', message: `Not a mutation: ${why}`.slice(0, 400) },
  };
}
