import type { HeartbeatBody } from '#shared/sync/heartbeat';

/**
 * The fleet's part of the hub store (decision 0029): each kiosk's latest heartbeat and a bounded
 * history of them. Kiosks themselves (enrolment, revocation) stay in `kiosks.ts`; the states the
 * console and `kiosk list` show are computed from both by hub/fleet/health.ts.
 */

/** One heartbeat as the hub received it. */
export interface HeartbeatRow {
  readonly kioskId: string;
  /** The hub's clock at receipt (epoch ms). */
  readonly receivedAt: number;
  /** The kiosk's clock minus the hub's at receipt (`sentAt − receivedAt`). */
  readonly clockOffsetMs: number;
  readonly heartbeat: HeartbeatBody;
}

/**
 * Heartbeat storage, for both databases. Every method is one transaction or one statement and
 * rejects on database errors, having changed nothing.
 */
export interface FleetStore {
  /**
   * Stores `row` as its kiosk's latest heartbeat and in its history, and drops that kiosk's
   * history before `keepSince` (so the history stays bounded without a timer). A second heartbeat
   * of one kiosk in the same millisecond replaces the first.
   */
  recordHeartbeat(row: HeartbeatRow, keepSince: number): Promise<void>;
  /** The latest heartbeat of every kiosk that sent one, in kiosk id order. */
  latest(): Promise<HeartbeatRow[]>;
  /** `kioskId`'s heartbeats received at or after `since`, newest first, at most `limit`. */
  history(kioskId: string, since: number, limit: number): Promise<HeartbeatRow[]>;
}
