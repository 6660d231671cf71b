import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  LOG_UPLOAD_LIMITS,
  LogUploadRequestSchema,
  logUploadBytes,
  type LogUploadResponse,
} from '#shared/sync/log-upload';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { HttpError } from '../http/errors';
import type { HeartbeatRouteDeps } from '../http/heartbeat-route';
import { kioskAuth } from '../http/kiosk-auth';
import { parseBody } from '../http/parse-body';
import { joinLogFiles, packLog } from './content';

/**
 * The body limit of `POST /v1/logs` (after gzip decoding): the text limit with room for JSON's
 * escapes (a control character takes six bytes) and the envelope. The text limit itself is
 * checked on the parsed files, also with 413.
 */
export const LOG_UPLOAD_BODY_LIMIT = 3 * LOG_UPLOAD_LIMITS.maxBytes + 64 * 1024;

/** The same as the heartbeat route's: the store, log, clock and the kiosk principals. */
export type LogUploadRouteDeps = HeartbeatRouteDeps;

/**
 * Registers `POST /v1/logs` behind the kiosk credential (decision 0041): the body is validated
 * whole (400 `malformed` naming fields), the body's kiosk must be the credential's (403
 * `kiosk-mismatch`), a body or text over its limit gets 413 `too-large`. The hub stores the files
 * joined and gzipped, clears the kiosk's request and keeps its newest LOG_UPLOAD_LIMITS
 * .keepPerKiosk uploads; the hub's log names the kiosk and the size, never a line of the text.
 */
export function registerLogUploadRoute(app: FastifyInstance, deps: LogUploadRouteDeps): void {
  const { store, log, clock, principals } = deps;
  const { authenticate, principalOf } = kioskAuth(store, log, principals);
  app.post(
    '/v1/logs',
    { onRequest: authenticate, bodyLimit: LOG_UPLOAD_BODY_LIMIT },
    async (request): Promise<LogUploadResponse> => {
      const principal = principalOf(request);
      const body = parseBody(LogUploadRequestSchema, request.body);
      if (body.kioskId !== principal.kioskId) {
        throw new HttpError(
          403,
          'kiosk-mismatch',
          `The credential is kiosk ${principal.kioskId}'s, not ${body.kioskId}'s.`,
        );
      }
      const textBytes = logUploadBytes(body.files);
      if (textBytes > LOG_UPLOAD_LIMITS.maxBytes) {
        throw new HttpError(
          413,
          'too-large',
          `The logs' text exceeds ${String(LOG_UPLOAD_LIMITS.maxBytes)} bytes; send the newest part.`,
        );
      }
      const receivedAt = clock();
      const uploadId = randomUUID();
      await store.kioskLogs.store(
        {
          uploadId,
          kioskId: body.kioskId,
          receivedAt,
          textBytes,
          fileNames: body.files.map((f) => f.name),
          content: await packLog(joinLogFiles(body.files)),
        },
        LOG_UPLOAD_LIMITS.keepPerKiosk,
      );
      log.info('kiosk logs stored', { kioskId: body.kioskId, uploadId, textBytes });
      return { type: 'logs-stored', protocolVersion: PROTOCOL_VERSION, uploadId, receivedAt };
    },
  );
}
