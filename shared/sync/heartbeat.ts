import { z } from 'zod';
import { ReaderKindSchema, ReaderStateSchema } from '../ipc/codes';
import { KioskIdSchema, PROTOCOL_VERSION } from './protocol';

/**
 * The kiosk's heartbeat (`POST /v1/heartbeat`, decision 0029): an additive message of protocol
 * version 1 that says how a kiosk is, never whom it saw. A kiosk sends one after every sync and
 * every 5 minutes while it reaches the hub; the hub keeps the latest per kiosk and a week of
 * history (hub/store/fleet.ts) and reads kiosk states from them (hub/fleet/health.ts).
 *
 * Clock offset: the hub measures it, not the kiosk. The heartbeat carries `sentAt`, the kiosk's
 * wall clock when it built the message; the hub stores `sentAt − its own clock at receipt`. The
 * error is the request's one-way transit time (milliseconds on a LAN, seconds at worst), far below
 * the two minutes the attention rule allows; a kiosk cannot misreport it except by its clock.
 */

/** Every bound of the heartbeat, so the hub can refuse and the kiosk can stay within them. */
export const HEARTBEAT_LIMITS = {
  /** Readers listed (a kiosk has one or two; a dozen is already a misconfiguration). */
  maxReaders: 16,
  /** Characters of a reader name, an app version or an error code. */
  maxText: 64,
  /** Heartbeats kept per kiosk at the hub: a week at one per 5 minutes, plus syncs. */
  historyDays: 7,
} as const;

/** How often a kiosk that reaches the hub sends a heartbeat besides its syncs. */
export const HEARTBEAT_INTERVAL_MS = 5 * 60_000;

const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Epoch ms, bounded to plausible instants (2020 … 2100). */
const Instant = z
  .number()
  .int()
  .min(Date.UTC(2020, 0, 1))
  .max(Date.UTC(2100, 0, 1));
const Text = z.string().min(1).max(HEARTBEAT_LIMITS.maxText);

/** One reader's state as main reports it (no card numbers, no reads' content). */
export const HeartbeatReaderSchema = z.strictObject({
  name: Text,
  kind: ReaderKindSchema,
  state: ReaderStateSchema,
});
export type HeartbeatReader = z.infer<typeof HeartbeatReaderSchema>;

/** What a kiosk reports of itself; the hub adds receipt time and the clock offset. */
export const HeartbeatBodySchema = z.strictObject({
  /** The kiosk build (`app.getVersion()`; semver when released, compared as such). */
  appVersion: Text.regex(/^[0-9A-Za-z.+-]+$/, 'letters, digits, . + -'),
  /** Seconds since the kiosk's main process started. */
  uptimeSeconds: Count,
  /** The kiosk's wall clock when it built this message (the hub derives the offset from it). */
  sentAt: Instant,
  /** When the kiosk's last sync ended well; null before its first. */
  lastSyncOkAt: Instant.nullable(),
  /** Entries waiting in the outbox, and when the oldest of them was written (null: empty). */
  outboxSize: Count,
  outboxOldestAt: Instant.nullable(),
  readers: z.array(HeartbeatReaderSchema).max(HEARTBEAT_LIMITS.maxReaders),
  /** Free bytes on the volume of the kiosk's data folder; null when the OS would not say. */
  freeDiskBytes: Count.nullable(),
  /** The code of the last failed sync or heartbeat (a KioskError code); null after a success. */
  lastErrorCode: Text.regex(/^[a-z0-9-]+$/, 'an error code').nullable(),
});
export type HeartbeatBody = z.infer<typeof HeartbeatBodySchema>;

/** The request: the body plus the protocol's envelope. */
export const HeartbeatRequestSchema = HeartbeatBodySchema.extend({
  type: z.literal('heartbeat'),
  protocolVersion: z.number().int().min(0).max(1000),
  kioskId: KioskIdSchema,
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;

/**
 * The hub's reply: its clock, so a kiosk may show how far off it is, and `sendLogs: true` when an
 * operator asked for this kiosk's logs (decision 0041; additive, absent otherwise). A kiosk reads
 * the reply leniently: a field it does not know is dropped, not refused, so the hub may add more.
 */
export const HeartbeatResponseSchema = z.object({
  type: z.literal('heartbeat-result'),
  protocolVersion: z.number().int().min(0).max(1000),
  receivedAt: z.number().int(),
  clockOffsetMs: z.number().int(),
  sendLogs: z.literal(true).optional(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

const BodyFields = z.object(HeartbeatBodySchema.shape);

/** The body of a validated request, without its envelope (what the hub stores). */
export function heartbeatBodyOf(request: HeartbeatRequest): HeartbeatBody {
  return BodyFields.parse(request);
}

/** The request a kiosk sends for `body`. */
export function heartbeatRequest(kioskId: string, body: HeartbeatBody): HeartbeatRequest {
  return { type: 'heartbeat', protocolVersion: PROTOCOL_VERSION, kioskId, ...body };
}
