import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { RecordIdSchema, SYNCED_TABLES } from './protocol-records';

/**
 * The kiosk ↔ hub sync protocol, version 2 (docs/sync-protocol.md tells the whole story). Version
 * 2 is version 1 plus the optional `origin` of push and pull requests (rule 12); a hub accepts both.
 *
 * Messages are JSON, a discriminated union on `type`, each carrying `protocolVersion`.
 * A kiosk pushes its outbox (`push` → `push-result`) and pulls the hub's change log
 * (`pull` → `pull-result`); `enrol` → `enrolled` trades a one-time code for a credential.
 *
 * Conflict rules:
 * 1. A mutation is known by its `mutationId`: the hub applies it at most once and gives every
 *    retry the verdict it gave first; it answers only after the verdicts are committed.
 * 2. A visit belongs to its space: only kiosks of `visit.spaceId` write it; a request touching a
 *    record owned by another space is refused whole (403) and nothing of it is written.
 * 3. A visit's check-in is written once: of every check-in received for a visit, the one with the
 *    lowest stamp is kept, whatever the arrival order, so a later put (from any kiosk) cannot
 *    change a recorded visit's person, method, time, event or kiosk. Its card is the one bound by
 *    the latest stamp (a walk-in's card is bound after the check-in); a put without one keeps it.
 *    Its check-out is the best one received: a host's over a self-service one (a card on a
 *    reader) over the automatic closing, then the earlier.
 * 4. A check-out that arrives before its check-in is kept and merged; the visit is sent to kiosks
 *    once its check-in has arrived.
 * 5. A profile put (members, visitors, and the hub's spaces and events) carries only the fields
 *    the change wrote (`null` clears an optional one); each field keeps the value of the latest
 *    stamp (hybrid logical clock, shared/sync/hlc.ts). Two edits of different fields both stay.
 * 6. A delete is a permanent tombstone: it beats every edit, earlier or later, and nothing deleted
 *    comes back.
 * 7. An erasure (GDPR) always wins: the hub removes the person, their visits and every trace of
 *    them in its change log, sends kiosks an `erase` change, and accepts later mutations about the
 *    person without effect. One exception keeps the evacuation roster true: a visit of theirs
 *    still open at the erasure stays, anonymised (no person, no card), put to the space's kiosks
 *    before the erasure; each closed one is announced by a `delete` (decision 0019).
 * 8. The hub clamps a stamp more than MAX_CLOCK_AHEAD_MS ahead of its own clock to its clock plus
 *    that margin, so a kiosk clock days ahead cannot freeze a field; it rejects a stamp more than
 *    ABSURD_CLOCK_AHEAD_MS ahead or before HLC_FLOOR_MS, and a kiosk's stamp whose node is not
 *    that kiosk's id (a kiosk cannot choose its tie-breaker).
 * 9. A bad mutation is rejected alone, with a code and reason; the rest of its batch still applies.
 *    That includes a batch element that is not a mutation at all (protocol-batch.ts); only a
 *    request that cannot be read as a whole (not JSON, no batch array) is refused whole.
 * 10. The pull cursor is the hub's change sequence, assigned in commit order; a page's cursor
 *    covers every change up to it, including changes filtered out for this kiosk, so empty pages
 *    still advance it. A different `hubEpoch`, or a cursor past the hub's head, resets it to 0.
 *    A push carrying a different `hubEpoch` is refused whole (409 `epoch-mismatch`, nothing
 *    written): the kiosk pulls (which resets it) and pushes again.
 * 11. Every accepted kiosk mutation leaves the record's current state at the head of the log,
 *    even when it changed nothing (its fields lost to newer ones, the record was deleted or
 *    erased, or it is a replay of a mutation already applied): the kiosk that wrote it pulls the
 *    hub's version after pushing, so its own optimistic values never outlive the hub's merge.
 * 12. A kiosk database has a random `origin`, sent with its pushes and pulls. The hub tags a put's
 *    log entry with the push's origin when that database holds exactly the entry's record: the
 *    hub's merge equals, field for field, the record pushed, and the put created the record or is
 *    a visit (kiosks write visits whole). A pull carrying that origin skips the tagged entries; its
 *    cursor still covers them (rule 10). Anyone's later change replaces the entry and is delivered;
 *    rule 11's re-announcements, deletes and erasures are never tagged; a reset page is never
 *    filtered, and a kiosk that gets one, or whose database is wiped, uses a new origin.
 */

/** The version this code speaks. */
export const PROTOCOL_VERSION = 2;
/** The oldest version a hub still accepts; older kiosks get `kiosk-too-old`. */
export const MIN_PROTOCOL_VERSION = 1;

/** Size limits shared by kiosks (to size batches) and the hub (to refuse). */
export const SYNC_LIMITS = {
  /** Mutations per push; more → 413. */
  maxBatch: 1000,
  /** UTF-8 bytes of one record's JSON; more → that mutation is rejected (`record-too-large`). */
  maxRecordBytes: 16 * 1024,
  /** Changes per pull page. */
  maxPullLimit: 1000,
  /** Request body bytes after gzip decoding; more → 413. */
  maxBodyBytes: 8 * 1024 * 1024,
  /** Nesting of arrays and objects in a request body (a record needs 5); deeper → 400. */
  maxJsonDepth: 32,
} as const;

/** Rule 8's margins. */
export const MAX_CLOCK_AHEAD_MS = 60_000;
export const ABSURD_CLOCK_AHEAD_MS = 366 * 24 * 3600_000;
/** No stamp predates the network's first kiosk: 2020-01-01T00:00:00Z. */
export const HLC_FLOOR_MS = Date.UTC(2020, 0, 1);

export const SYNC_OPS = ['put', 'delete', 'erase'] as const;
export type SyncOp = (typeof SYNC_OPS)[number];

/** The node id of the hub's own stamps (admin writes); no kiosk may be enrolled under it. */
export const HUB_NODE_ID = 'hub';

const VersionSchema = z.number().int().min(0).max(1000);
/** A kiosk id, which is also the node id of its stamps (rule 8). */
export const KioskIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits, -')
  .refine((id) => id !== HUB_NODE_ID, `"${HUB_NODE_ID}" is the hub's own node id`);
const EpochSchema = z.string().min(1).max(64);
/** A kiosk database's origin (rule 12): random, 16–64 of A-Z a-z 0-9 _ -. */
export const OriginSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 of A-Z a-z 0-9 _ -');

/** A mutation id: 8–64 of A-Z a-z 0-9 _ - (the kiosk's, opaque to the hub). */
export const MUTATION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * One outbox entry as pushed. `record` is checked per table by validateMutation
 * (protocol-validate.ts).
 */
export const MutationSchema = z.strictObject({
  mutationId: z.string().regex(MUTATION_ID_PATTERN, '8–64 of A-Z a-z 0-9 _ -'),
  table: z.enum(SYNCED_TABLES),
  op: z.enum(SYNC_OPS),
  recordId: RecordIdSchema,
  record: z.unknown().optional(),
  hlc: z.string().max(100),
});
export type Mutation = z.infer<typeof MutationSchema>;

export const PushRequestSchema = z.strictObject({
  type: z.literal('push'),
  protocolVersion: VersionSchema,
  kioskId: KioskIdSchema,
  hubEpoch: EpochSchema.optional(),
  /** Since version 2 (rule 12). */
  origin: OriginSchema.optional(),
  batch: z.array(MutationSchema).max(SYNC_LIMITS.maxBatch),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const RejectionSchema = z.strictObject({
  mutationId: z.string(),
  code: z.string(),
  reason: z.string(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

export const PushResponseSchema = z.strictObject({
  type: z.literal('push-result'),
  protocolVersion: VersionSchema,
  accepted: z.array(z.string()),
  rejected: z.array(RejectionSchema),
  hubEpoch: EpochSchema,
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullRequestSchema = z.strictObject({
  type: z.literal('pull'),
  protocolVersion: VersionSchema,
  cursor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(SYNC_LIMITS.maxPullLimit),
  hubEpoch: EpochSchema.optional(),
  /** Since version 2: skip the entries tagged with this origin (rule 12). */
  origin: OriginSchema.optional(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

/** One change-log entry: `put` carries the full record; `delete` and `erase` carry none. */
export const ChangeSchema = z.strictObject({
  seq: z.number().int().min(1),
  table: z.enum(SYNCED_TABLES),
  op: z.enum(SYNC_OPS),
  recordId: RecordIdSchema,
  record: z.unknown().optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const PullResponseSchema = z.strictObject({
  type: z.literal('pull-result'),
  protocolVersion: VersionSchema,
  changes: z.array(ChangeSchema),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  hubEpoch: EpochSchema,
  /** True when the kiosk's cursor was dropped (other epoch, or past the head): start afresh. */
  reset: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const EnrolRequestSchema = z.strictObject({
  type: z.literal('enrol'),
  protocolVersion: VersionSchema,
  code: z.string().min(8).max(64),
  kioskId: KioskIdSchema,
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolResponseSchema = z.strictObject({
  type: z.literal('enrolled'),
  protocolVersion: VersionSchema,
  kioskId: KioskIdSchema,
  spaceId: z.string(),
  /** The kiosk's bearer credential, shown once; the hub keeps only its hash. */
  token: z.string(),
  hubEpoch: EpochSchema,
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

export const ErrorResponseSchema = z.strictObject({
  type: z.literal('error'),
  protocolVersion: VersionSchema,
  code: z.string(),
  message: z.string(),
  details: z.array(z.string()).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** Every protocol message. */
export const SyncMessageSchema = z.discriminatedUnion('type', [
  PushRequestSchema,
  PushResponseSchema,
  PullRequestSchema,
  PullResponseSchema,
  EnrolRequestSchema,
  EnrolResponseSchema,
  ErrorResponseSchema,
]);
export type SyncMessage = z.infer<typeof SyncMessageSchema>;

/**
 * Checks a message's version before its shape (an older kiosk's message may have another shape).
 * Never throws: `kiosk-too-old` below MIN_PROTOCOL_VERSION, `protocol-unsupported` above
 * PROTOCOL_VERSION or when no version is given.
 */
export function checkProtocolVersion(body: unknown): Result<number> {
  const v =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['protocolVersion']
      : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    return err({
      code: 'protocol-unsupported',
      message: 'The request carries no protocolVersion (an integer).',
    });
  }
  if (v < MIN_PROTOCOL_VERSION) {
    return err({
      code: 'kiosk-too-old',
      message: `Kiosk too old: it speaks sync protocol ${v}, this hub needs ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}. Update the kiosk.`,
    });
  }
  if (v > PROTOCOL_VERSION) {
    return err({
      code: 'protocol-unsupported',
      message: `Hub too old: the kiosk speaks sync protocol ${v}, this hub at most ${PROTOCOL_VERSION}. Update the hub.`,
    });
  }
  return ok(v);
}
