import { z } from 'zod';
import type { ConsoleApi } from './client';

/**
 * The fleet's console API (hub/fleet/routes.ts): the kiosks with their states, one kiosk's
 * recent heartbeats, an enrolment code, a revocation. Answers are parsed; another shape rejects
 * as a `bad-answer` ApiError, a refusal as the hub's ApiError.
 */

export const KioskStateSchema = z.enum(['ok', 'attention', 'down', 'revoked', 'never-seen']);
export type KioskState = z.infer<typeof KioskStateSchema>;

const ReasonSchema = z.object({
  code: z.string(),
  key: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** A heartbeat as the hub keeps it: what the kiosk said, when it arrived, its clock's offset. */
export const HeartbeatSchema = z.object({
  appVersion: z.string(),
  sentAt: z.number(),
  lastSyncOkAt: z.number().nullable(),
  outboxSize: z.number(),
  outboxOldestAt: z.number().nullable(),
  readers: z.array(z.object({ name: z.string(), kind: z.string(), state: z.string() })),
  freeDiskBytes: z.number().nullable(),
  lastErrorCode: z.string().nullable(),
  receivedAt: z.number(),
  clockOffsetMs: z.number(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export const KioskSchema = z.object({
  kioskId: z.string(),
  spaceId: z.string(),
  state: KioskStateSchema,
  reasons: z.array(ReasonSchema),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
  latest: HeartbeatSchema.nullable(),
});
export type Kiosk = z.infer<typeof KioskSchema>;

const KioskListSchema = z.object({ kiosks: z.array(KioskSchema) });
const KioskDetailSchema = z.object({ kiosk: KioskSchema, history: z.array(HeartbeatSchema) });
export type KioskDetail = z.infer<typeof KioskDetailSchema>;
const EnrolmentSchema = z.object({ code: z.string(), spaceId: z.string(), expiresAt: z.number() });
export type Enrolment = z.infer<typeof EnrolmentSchema>;
const RevokedSchema = z.object({ kiosk: KioskSchema });

const kioskPath = (id: string) => `/kiosks/${encodeURIComponent(id)}`;

/** The kiosks the signed-in operator may see (a space manager: their space's), with states. */
export async function listKiosks(api: ConsoleApi): Promise<Kiosk[]> {
  return (await api.request('GET', '/kiosks', KioskListSchema)).kiosks;
}

/** Kiosk `id` and its heartbeats of the last 24 hours, newest first (403 another space's). */
export async function kioskDetail(api: ConsoleApi, id: string): Promise<KioskDetail> {
  return api.request('GET', kioskPath(id), KioskDetailSchema);
}

/** A one-time code to type at a new kiosk of `spaceId`; the hub shows it only this once. */
export async function enrolKiosk(api: ConsoleApi, spaceId: string): Promise<Enrolment> {
  return api.request('POST', '/kiosks/enrol', EnrolmentSchema, { spaceId });
}

/** Revokes kiosk `id` (its next sync is refused); resolves with its row, now `revoked`. */
export async function revokeKiosk(api: ConsoleApi, id: string): Promise<Kiosk> {
  return (await api.request('POST', `${kioskPath(id)}/revoke`, RevokedSchema, {})).kiosk;
}
