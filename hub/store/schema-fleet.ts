import type { Generated } from 'kysely';

/**
 * The fleet's tables (schema.ts assembles them into `HubDatabase`): enrolled kiosks and their
 * enrolment codes, heartbeats, kiosk updates and their pins, and kiosks' log requests and uploads.
 */

/** Enrolled kiosks and the hash of their credential. */
export interface KiosksTable {
  kiosk_id: string;
  space_id: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  pulled_through: Generated<number>;
}

/** One-time enrolment codes (hashed). */
export interface EnrolmentsTable {
  code_hash: string;
  space_id: string;
  expires_at: number;
  used_at: number | null;
  kiosk_id: string | null;
}

/**
 * A kiosk's heartbeat as received (`fleet_latest`: the latest per kiosk; `kiosk_heartbeats`: a
 * week of them): the hub's receipt time, the kiosk's clock minus the hub's, and the message's
 * body (shared/sync/heartbeat.ts) as JSON.
 */
export interface HeartbeatsTable {
  kiosk_id: string;
  received_at: number;
  clock_offset_ms: number;
  heartbeat: string;
}

/** A kiosk update added with `release add` (migration 14, hub/releases/). */
export interface ReleasesTable {
  channel: string;
  version: string;
  file_name: string;
  /** base64 sha512 of the file, as electron-updater checks it. */
  sha512: string;
  size: number;
  added_at: number;
  /** JSON list of space ids the release is rolled out to, or null. */
  rollout_spaces: string | null;
  /** Percentage (0–100) of kiosks, by a stable hash of their id, or null. */
  rollout_percent: number | null;
}

/** A space held at one version of a channel (a rollback), migration 14. */
export interface ReleasePinsTable {
  space_id: string;
  channel: string;
  version: string;
  pinned_at: number;
}

/** An operator's pending request for a kiosk's logs (migration 15, kiosk-logs.ts). */
export interface KioskLogRequestsTable {
  kiosk_id: string;
  requested_at: number;
  requested_by: string;
}

/** A kiosk's log upload (migration 15): the text of its files joined, gzipped in `content`. */
export interface KioskLogUploadsTable {
  upload_id: string;
  kiosk_id: string;
  received_at: number;
  text_bytes: number;
  /** JSON array of the files' names, oldest first. */
  file_names: string;
  content: Buffer;
}
