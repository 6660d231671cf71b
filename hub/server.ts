import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  EnrolRequestSchema,
  PROTOCOL_VERSION,
  PullRequestSchema,
  PushRequestSchema,
  SYNC_LIMITS,
  checkProtocolVersion,
  type EnrolResponse,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import {
  hashEnrolmentCode,
  hashToken,
  newKioskToken,
  tokenKioskId,
  tokenMatches,
} from './auth/credentials';
import { HttpError, errorBody } from './http/errors';
import { registerGzip } from './http/gzip';
import { openApiDocument } from './http/openapi';
import type { HubLog } from './log';
import type { HubStore } from './store/store';
import { ForbiddenError, applyPush, type Principal } from './sync/push';
import { pullMarks } from './sync/pull-marks';
import { HUB_PURGE_INTERVAL_MS, startHubPurge } from './sync/retention';

/** Tunables; tests shrink them. */
export interface HubLimits {
  /** Request body bytes after gzip decoding. */
  readonly maxBodyBytes: number;
  /** Mutations per push. */
  readonly maxBatch: number;
}

export interface HubOptions {
  readonly store: HubStore;
  readonly log: HubLog;
  /** Hub wall clock (epoch ms); rule 8 clamps kiosk stamps against it. */
  readonly clock?: () => number;
  readonly limits?: Partial<HubLimits>;
  /** TLS: PEM key and certificate; without them the hub speaks plain HTTP (behind a proxy). */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /**
   * Retention purge and erasure compaction period (hub/sync/retention.ts, compaction.ts): run on
   * `listen`, then every so often, on `clock`. Default HUB_PURGE_INTERVAL_MS; 0 turns the timer
   * off (the CLI `purge` remains).
   */
  readonly purgeIntervalMs?: number;
  /**
   * Pull marks (each kiosk's `pulledThrough`) are written behind the pulls, at most this often
   * (hub/sync/pull-marks.ts); 0 writes each before the pull answers. Default 1 s.
   */
  readonly pullMarkDelayMs?: number;
}

/** A running (or ready to run) hub. */
export interface Hub {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(options: { port: number; host: string }): Promise<AddressInfo>;
  /** Stops accepting, finishes in-flight requests, closes the server (not the store). */
  close(): Promise<void>;
  /** The bound address, once listening. */
  readonly address: AddressInfo | undefined;
}

const STATUS_OF: Readonly<Record<string, number>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
};

function revokedMessage(kioskId: string): string {
  return `Kiosk ${kioskId} was revoked. To enrol it again, wipe its data and have an operator run: npm run hub -- kiosk reinstate ${kioskId}`;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown, status = 400): z.infer<S> {
  const version = checkProtocolVersion(body);
  if (!version.ok) {
    throw new HttpError(
      version.error.code === 'kiosk-too-old' ? 426 : 400,
      version.error.code,
      version.error.message,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new HttpError(
      status,
      'malformed',
      'The request body does not match the protocol.',
      details,
    );
  }
  return parsed.data;
}

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
  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
  });
  const principals = new WeakMap<FastifyRequest, Principal & { kind: 'kiosk' }>();
  let bound: AddressInfo | undefined;
  let stopPurge: () => Promise<void> = () => Promise.resolve();
  const purgeIntervalMs = options.purgeIntervalMs ?? HUB_PURGE_INTERVAL_MS;
  const marks = pullMarks(store, options.pullMarkDelayMs ?? 1000, log);

  registerGzip(app);

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .status(error.statusCode)
        .send(errorBody(error.code, error.message, error.details));
    }
    const status =
      STATUS_OF[error.code] ?? (error.code.startsWith('Z_') ? 400 : (error.statusCode ?? 500));
    if (status >= 500) {
      log.error('request failed', { url: request.url, error: error.message });
      return reply
        .status(500)
        .send(errorBody('internal', 'The hub failed; nothing was acknowledged. Retry later.'));
    }
    const code =
      status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : 'malformed';
    const message =
      status === 413
        ? `Request body exceeds ${limits.maxBodyBytes} bytes (after gzip decoding).`
        : error.code.startsWith('Z_')
          ? 'The body is not valid gzip.'
          : error.message;
    return reply.status(status).send(errorBody(code, message));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(errorBody('not-found', `No ${request.method} ${request.url} on this hub.`)),
  );

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (token === undefined) {
      await reply
        .status(401)
        .send(
          errorBody(
            'credential-missing',
            'Send the kiosk credential: Authorization: Bearer <token>.',
          ),
        );
      return;
    }
    const kioskId = tokenKioskId(token);
    const kiosk = kioskId === undefined ? undefined : await store.findKiosk(kioskId);
    if (!kiosk || !tokenMatches(token, kiosk.tokenHash)) {
      log.warn('rejected credential', { ip: request.ip, kioskId });
      await reply
        .status(401)
        .send(errorBody('credential-invalid', 'Unknown or forged kiosk credential.'));
      return;
    }
    if (kiosk.revokedAt !== null) {
      await reply.status(403).send(errorBody('kiosk-revoked', revokedMessage(kiosk.kioskId)));
      return;
    }
    principals.set(request, { kind: 'kiosk', kioskId: kiosk.kioskId, spaceId: kiosk.spaceId });
  }

  function principalOf(request: FastifyRequest): Principal & { kind: 'kiosk' } {
    const p = principals.get(request);
    if (!p) throw new HttpError(401, 'credential-missing', 'Not authenticated.');
    return p;
  }

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

  app.post('/v1/sync/push', { onRequest: authenticate }, async (request): Promise<PushResponse> => {
    const principal = principalOf(request);
    const raw = request.body as { batch?: unknown } | null;
    if (Array.isArray(raw?.batch) && raw.batch.length > limits.maxBatch) {
      throw new HttpError(
        413,
        'batch-too-large',
        `A push carries at most ${limits.maxBatch} mutations, not ${raw.batch.length}.`,
      );
    }
    const body = parseBody(PushRequestSchema, request.body);
    if (body.kioskId !== principal.kioskId) {
      throw new HttpError(
        403,
        'kiosk-mismatch',
        `The credential is kiosk ${principal.kioskId}'s, not ${body.kioskId}'s.`,
      );
    }
    try {
      const outcome = await applyPush(store, principal, body.batch, clock(), body.origin);
      if (outcome.rejected.length > 0) {
        log.warn('mutations rejected', { kioskId: principal.kioskId, rejected: outcome.rejected });
      }
      return {
        type: 'push-result',
        protocolVersion: PROTOCOL_VERSION,
        ...outcome,
        hubEpoch: store.epoch,
      };
    } catch (e) {
      if (e instanceof ForbiddenError) throw new HttpError(403, e.code, e.message);
      throw e;
    }
  });

  app.post('/v1/sync/pull', { onRequest: authenticate }, async (request): Promise<PullResponse> => {
    const principal = principalOf(request);
    const body = parseBody(PullRequestSchema, request.body);
    let reset = body.hubEpoch !== undefined && body.hubEpoch !== store.epoch;
    // Rule 12: a kiosk's own writes are skipped, but never in a reset page: after a restored
    // backup or a new hub the log may hold older copies of them than the kiosk does.
    let page = await store.pull(
      reset ? 0 : body.cursor,
      body.limit,
      principal.spaceId,
      reset ? undefined : body.origin,
    );
    if (!reset && body.cursor > page.head) {
      // The hub lost changes the kiosk saw (restored backup): start over rather than skip.
      reset = true;
      page = await store.pull(0, body.limit, principal.spaceId);
    }
    // The request's cursor is what the kiosk has durably applied (not the reply's, which it may
    // never store); after a reset it holds nothing of this hub's log. Erasure compaction reads it.
    await marks.note(principal.kioskId, reset ? 0 : body.cursor);
    return {
      type: 'pull-result',
      protocolVersion: PROTOCOL_VERSION,
      changes: page.changes,
      cursor: page.cursor,
      hasMore: page.hasMore,
      hubEpoch: store.epoch,
      reset,
    };
  });

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
      return addr;
    },
    async close() {
      await stopPurge();
      await app.close();
      await marks.flush();
    },
    get address() {
      return bound;
    },
  };
}
