import type { HeartbeatBody } from '#shared/sync/heartbeat';
import type { HeartbeatRow } from '../store/fleet-rows';
import { NOW } from './factories';

/** A healthy kiosk's heartbeat body sent at NOW; `over` changes any field. */
export function heartbeatBody(over: Partial<HeartbeatBody> = {}): HeartbeatBody {
  return {
    appVersion: '1.4.0',
    uptimeSeconds: 3600,
    sentAt: NOW,
    lastSyncOkAt: NOW - 60_000,
    outboxSize: 0,
    outboxOldestAt: null,
    readers: [{ name: 'keyboard-wedge', kind: 'wedge', state: 'listening' }],
    freeDiskBytes: 20e9,
    lastErrorCode: null,
    ...over,
  };
}

/** A heartbeat row of `kioskId` received at `receivedAt` (offset 0 unless `over` says). */
export function heartbeatRow(
  kioskId: string,
  receivedAt: number,
  over: Partial<Omit<HeartbeatRow, 'kioskId' | 'receivedAt'>> = {},
): HeartbeatRow {
  return {
    kioskId,
    receivedAt,
    clockOffsetMs: 0,
    heartbeat: heartbeatBody({ sentAt: receivedAt }),
    ...over,
  };
}
