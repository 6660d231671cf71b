import { z } from 'zod';
import { KioskIdSchema } from '#shared/sync/protocol';
import { assertSpace, operatorOf, type ConsoleRoutes } from '../console-api/contract';
import { parseInput } from '../console-api/input';
import { HttpError } from '../http/errors';
import type { HubStore } from '../store/store';
import { logFileName, unpackLog } from './content';
import { askForLogs } from './request';

/**
 * A kiosk's logs in the console (decision 0041), under `/console/api`, for a network operator or
 * the kiosk's space's manager (403 `forbidden` for another space's, 404 `not-found` for an
 * unknown kiosk or upload):
 * - `POST /kiosks/:id/logs` → 202 `{ requestedAt }`: asks for its logs at its next heartbeat
 *   (CSRF-checked by the session layer; audited as `kiosk.logs-request`);
 * - `GET /kiosks/:id/logs` → `{ pending, uploads }`: the pending request (or null) and the
 *   uploads kept, newest first, without their text;
 * - `GET /kiosks/:id/logs/:uploadId` → the upload as a `text/plain` attachment.
 */

const KioskParams = z.strictObject({ id: KioskIdSchema });
const UploadParams = z.strictObject({ id: KioskIdSchema, uploadId: z.uuid() });

async function managedKiosk(
  store: HubStore,
  request: Parameters<typeof operatorOf>[0],
  id: string,
): Promise<void> {
  const operator = operatorOf(request);
  const kiosk = await store.findKiosk(id);
  if (kiosk === undefined) throw new HttpError(404, 'not-found', `No kiosk ${id} on this hub.`);
  assertSpace(operator, kiosk.spaceId);
}

export const kioskLogRoutes: ConsoleRoutes = (scope, { store, clock, audit }) => {
  scope.post('/kiosks/:id/logs', async (request, reply) => {
    const { id } = parseInput(KioskParams, request.params ?? {}, 'path');
    await managedKiosk(store, request, id);
    const requestedAt = await askForLogs(
      { store, audit, clock },
      id,
      operatorOf(request).operatorId,
    );
    return reply.status(202).send({ requestedAt });
  });

  scope.get('/kiosks/:id/logs', async (request) => {
    const { id } = parseInput(KioskParams, request.params ?? {}, 'path');
    await managedKiosk(store, request, id);
    const [pending, uploads] = await Promise.all([
      store.kioskLogs.pending(id),
      store.kioskLogs.list(id),
    ]);
    return {
      pending: pending === undefined ? null : { requestedAt: pending.requestedAt },
      uploads,
    };
  });

  scope.get('/kiosks/:id/logs/:uploadId', async (request, reply) => {
    const { id, uploadId } = parseInput(UploadParams, request.params ?? {}, 'path');
    await managedKiosk(store, request, id);
    const upload = await store.kioskLogs.read(id, uploadId);
    if (upload === undefined) throw new HttpError(404, 'not-found', `No such upload of ${id}.`);
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${logFileName(id, upload.receivedAt)}"`)
      .header('cache-control', 'no-store')
      .send(await unpackLog(upload.content));
  });
};
