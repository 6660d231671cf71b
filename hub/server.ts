import type { AddressInfo } from 'node:net';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  EnrolRequestSchema,
  PROTOCOL_VERSION,
  SYNC_LIMITS,
  type EnrolResponse,
} from '#shared/sync/protocol';
import { hashEnrolmentCode, hashToken, newKioskToken } from './auth/credentials';
import { clientErrorHandler } from './http/client-errors';
import { registerConsoleApp } from './http/console-static';
import { storeAuditLog } from './console-api/audit-log';
import { registerConsoleApi } from './console-api/register';
import { DEFAULT_ABSOLUTE_MS, DEFAULT_IDLE_MS } from './console-api/sessions';
import { CONSOLE_ROUTES } from './console-routes';
import type { Hub, HubLimits, HubOptions } from './hub-options';
import { FEED_IMPORT_INTERVAL_MS, startFeedSchedule } from './agenda/feed-schedule';
import { feedWorkerPool } from './agenda/feed-worker-pool';
import { registerAgendaRoutes } from './agenda/publish-routes';
import { HttpError, describeError, errorBody, revokedMessage, toHttpError } from './http/errors';
import { registerGzip } from './http/gzip';
import { registerHeartbeatRoute } from './http/heartbeat-route';
import { registerLogUploadRoute } from './kiosk-logs/upload-route';
import { registerJsonBody } from './http/json-body';
import { openApiDocument } from './http/openapi';
import { parseBody } from './http/parse-body';
import { registerSyncRoutes } from './http/sync-routes';
import { releasesDirFor } from './releases/release-file';
import { registerUpdateRoutes } from './releases/routes';
import { DEFAULT_DATABASE_URL } from './store/open-store';
import type { Principal } from './sync/push';
import { pullMarks } from './sync/pull-marks';
import { HUB_PURGE_INTERVAL_MS, startHubPurge } from './sync/retention';

export type { Hub, HubLimits, HubOptions } from './hub-options';

/**
 * Builds the hub's HTTP server over `store` (see docs/sync-protocol.md and /openapi.json).
 * Never acknowledges a push before its commit; every failure reaches the client as an
 * ErrorResponse with a stable code. Does not open or close the store.
 */
export function createHub(options: HubOptions): Hub {
  const { store, log } = options;
  const clock = options.clock ?? Date.now;
  const limits: HubLimits = {
    maxBodyBytes: options.limits?.maxBodyBytes ?? SYNC_LIMITS.maxBodyBytes,
    maxBatch: options.limits?.maxBatch ?? SYNC_LIMITS.maxBatch,
  };
  const principals = new WeakMap<FastifyRequest, Principal & { kind: 'kiosk' }>();
  // Total: whatever was thrown (even a value without a code), the client gets the protocol's
  // error body, and the hub's log a line naming the request (never its body).
  const answerError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const refusal = toHttpError(error, limits.maxBodyBytes);
    const where = {
      method: request.method,
      url: request.url.slice(0, 200),
      kioskId: principals.get(request)?.kioskId,
    };
    if (refusal.statusCode >= 500) {
      log.error('request failed', { ...where, ...describeError(error) });
    } else {
      log.warn('request refused', { ...where, status: refusal.statusCode, code: refusal.code });
    }
    return reply
      .status(refusal.statusCode)
      .send(errorBody(refusal.code, refusal.message, refusal.details));
  };
  // Fastify's own pino: its lines (start, close, a client error) share the hub's format.
  const logger: FastifyBaseLogger = log.pino;
  const app = Fastify({
    loggerInstance: logger,
    // One line per refusal or failure (answerError), not two per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.maxBodyBytes,
    // A URL Fastify cannot decode (`/%zz`), or bytes Node cannot read as HTTP, are answered
    // like every other refusal.
    frameworkErrors: (error, request, reply) => {
      void answerError(error, request, reply);
    },
    clientErrorHandler: clientErrorHandler(log),
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
    ...(options.trustProxy ? { trustProxy: [...options.trustProxy] } : {}),
  });
  let bound: AddressInfo | undefined;
  let stopPurge: () => Promise<void> = () => Promise.resolve();
  let stopFeeds: () => Promise<void> = () => Promise.resolve();
  const feedIntervalMs = options.agenda?.intervalMs ?? FEED_IMPORT_INTERVAL_MS;
  const purgeIntervalMs = options.purgeIntervalMs ?? HUB_PURGE_INTERVAL_MS;
  const marks = pullMarks(store, options.pullMarkDelayMs ?? 1000, log);
  const feedWorker = feedWorkerPool();

  registerJsonBody(app, SYNC_LIMITS.maxJsonDepth);
  registerGzip(app, limits.maxBodyBytes);
  app.setErrorHandler(answerError);

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.slice(0, 200);
    log.warn('request refused', { method: request.method, url, status: 404, code: 'not-found' });
    return reply
      .status(404)
      .send(errorBody('not-found', `No ${request.method} ${url} on this hub.`));
  });

  app.get('/health', () => ({
    status: 'ok',
    store: store.kind,
    hubEpoch: store.epoch,
    protocolVersion: PROTOCOL_VERSION,
  }));

  app.get('/openapi.json', () => openApiDocument());

  app.post('/v1/enrol', async (request): Promise<EnrolResponse> => {
    const body = parseBody(EnrolRequestSchema, request.body);
    const token = newKioskToken(body.kioskId);
    const outcome = await store.redeemEnrolment(
      hashEnrolmentCode(body.code),
      body.kioskId,
      hashToken(token),
      clock(),
    );
    if (!outcome.ok) {
      if (outcome.code === 'kiosk-other-space') {
        throw new HttpError(
          409,
          outcome.code,
          `Kiosk id ${body.kioskId} is enrolled for another space.`,
        );
      }
      if (outcome.code === 'kiosk-revoked') {
        throw new HttpError(403, outcome.code, revokedMessage(body.kioskId));
      }
      throw new HttpError(401, outcome.code, 'Unknown, used or expired enrolment code.');
    }
    log.info('kiosk enrolled', { kioskId: body.kioskId, spaceId: outcome.spaceId });
    return {
      type: 'enrolled',
      protocolVersion: PROTOCOL_VERSION,
      kioskId: body.kioskId,
      spaceId: outcome.spaceId,
      token,
      hubEpoch: store.epoch,
    };
  });

  registerConsoleApp(app, options.consoleDir);

  registerAgendaRoutes(app, {
    store,
    ...(options.agenda?.rateLimit ? { rateLimit: options.agenda.rateLimit } : {}),
  });

  registerConsoleApi(
    app,
    {
      store,
      log,
      clock,
      audit: storeAuditLog(store.operators, clock),
      ...(options.agenda?.limits ? { feedLimits: options.agenda.limits } : {}),
      feedPlanner: feedWorker.plan,
      session: {
        idleMs: options.console?.idleMs ?? DEFAULT_IDLE_MS,
        absoluteMs: options.console?.absoluteMs ?? DEFAULT_ABSOLUTE_MS,
      },
    },
    options.console?.routes ?? CONSOLE_ROUTES,
  );

  registerSyncRoutes(app, {
    store,
    log,
    clock,
    maxBatch: limits.maxBatch,
    marks,
    principals,
  });
  registerHeartbeatRoute(app, { store, log, clock, principals });
  registerUpdateRoutes(app, {
    store,
    log,
    principals,
    dir: options.releasesDir ?? releasesDirFor(DEFAULT_DATABASE_URL, undefined),
  });
  registerLogUploadRoute(app, { store, log, clock, principals });

  return {
    async listen({ port, host }) {
      await app.listen({ port, host });
      const addr = app.server.address();
      if (addr === null || typeof addr === 'string') throw new Error('hub bound to no TCP address');
      bound = addr;
      log.info('hub listening', { host: addr.address, port: addr.port, store: store.kind });
      if (purgeIntervalMs > 0) {
        stopPurge = startHubPurge({
          store,
          clock,
          log,
          intervalMs: purgeIntervalMs,
          beforeCompaction: () => marks.flush(),
        });
      }
      if (feedIntervalMs > 0) {
        stopFeeds = startFeedSchedule({
          store,
          log,
          clock,
          intervalMs: feedIntervalMs,
          planner: feedWorker.plan,
          ...(options.agenda?.limits ? { limits: options.agenda.limits } : {}),
          ...(options.agenda?.span ? { span: options.agenda.span } : {}),
        });
      }
      return addr;
    },
    async close() {
      await stopPurge();
      await stopFeeds();
      await app.close();
      await feedWorker.close();
      await marks.flush();
    },
    get address() {
      return bound;
    },
  };
}
