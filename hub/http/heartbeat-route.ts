import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  HEARTBEAT_LIMITS,
  HeartbeatRequestSchema,
  heartbeatBodyOf,
  type HeartbeatResponse,
} from '#shared/sync/heartbeat';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import type { HubLog } from '../log';
import type { HubStore } from '../store/store';
import { HttpError } from './errors';
import { kioskAuth, type KioskPrincipal } from './kiosk-auth';
import { parseBody } from './parse-body';

/** What the heartbeat route needs from createHub. */
export interface HeartbeatRouteDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  readonly clock: () => number;
  readonly principals: WeakMap<FastifyRequest, KioskPrincipal>;
}

/**
 * Registers `POST /v1/heartbeat` behind the kiosk credential (decision 0029): the body is
 * validated whole (version first, then the bounded schema: 400 `malformed` naming fields), the
 * body's kiosk must be the credential's (403 `kiosk-mismatch`), and the hub stores it with its
 * receipt time and the clock offset it measures (`sentAt` − receipt), dropping that kiosk's
 * history older than HEARTBEAT_LIMITS.historyDays. Answers after the write, with `sendLogs: true`
 * while an operator's request for the kiosk's logs is pending (hub/kiosk-logs/).
 */
export function registerHeartbeatRoute(app: FastifyInstance, deps: HeartbeatRouteDeps): void {
  const { store, log, clock, principals } = deps;
  const { authenticate, principalOf } = kioskAuth(store, log, principals);
  app.post(
    '/v1/heartbeat',
    { onRequest: authenticate },
    async (request): Promise<HeartbeatResponse> => {
      const principal = principalOf(request);
      const body = parseBody(HeartbeatRequestSchema, request.body);
      const { kioskId } = body;
      const heartbeat = heartbeatBodyOf(body);
      if (kioskId !== principal.kioskId) {
        throw new HttpError(
          403,
          'kiosk-mismatch',
          `The credential is kiosk ${principal.kioskId}'s, not ${kioskId}'s.`,
        );
      }
      const receivedAt = clock();
      const clockOffsetMs = heartbeat.sentAt - receivedAt;
      await store.fleet.recordHeartbeat(
        { kioskId, receivedAt, clockOffsetMs, heartbeat },
        receivedAt - HEARTBEAT_LIMITS.historyDays * 24 * 3600_000,
      );
      // An operator asked for this kiosk's logs (decision 0041): say so until they arrive.
      const logsAsked = (await store.kioskLogs.pending(kioskId)) !== undefined;
      return {
        type: 'heartbeat-result',
        protocolVersion: PROTOCOL_VERSION,
        receivedAt,
        clockOffsetMs,
        ...(logsAsked ? { sendLogs: true as const } : {}),
      };
    },
  );
}
