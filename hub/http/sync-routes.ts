import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  PROTOCOL_VERSION,
  PullRequestSchema,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import { PushEnvelopeSchema, readBatchItem } from '#shared/sync/protocol-batch';
import type { HubLog } from '../log';
import type { HubStore } from '../store/store';
import type { PullMarks } from '../sync/pull-marks';
import { ForbiddenError, applyPush } from '../sync/push';
import { HttpError } from './errors';
import { kioskAuth, type KioskPrincipal } from './kiosk-auth';
import { parseBody } from './parse-body';

/** What the sync routes need from createHub. */
export interface SyncRouteDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  readonly clock: () => number;
  readonly maxBatch: number;
  readonly marks: PullMarks;
  /** Where the routes leave the authenticated kiosk of a request (the error log names it). */
  readonly principals: WeakMap<FastifyRequest, KioskPrincipal>;
}

/**
 * Registers `POST /v1/sync/push` and `POST /v1/sync/pull` behind the kiosk credential
 * (docs/sync-protocol.md). Every refusal is thrown as an HttpError for the hub's error handler,
 * which answers it and logs it; a push is acknowledged only after its commit.
 */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const { store, log, clock, marks, principals } = deps;
  const { authenticate, principalOf } = kioskAuth(store, log, principals);

  app.post('/v1/sync/push', { onRequest: authenticate }, async (request): Promise<PushResponse> => {
    const principal = principalOf(request);
    const raw = request.body as { batch?: unknown } | null;
    if (Array.isArray(raw?.batch) && raw.batch.length > deps.maxBatch) {
      throw new HttpError(
        413,
        'batch-too-large',
        `A push carries at most ${deps.maxBatch} mutations, not ${raw.batch.length}.`,
      );
    }
    // The envelope is read whole; its batch element by element (rule 9: a bad one alone).
    const body = parseBody(PushEnvelopeSchema, request.body);
    if (body.kioskId !== principal.kioskId) {
      throw new HttpError(
        403,
        'kiosk-mismatch',
        `The credential is kiosk ${principal.kioskId}'s, not ${body.kioskId}'s.`,
      );
    }
    if (body.hubEpoch !== undefined && body.hubEpoch !== store.epoch) {
      // Rule 10: the kiosk's view is another hub database's. Pulling resets it; then it pushes.
      throw new HttpError(
        409,
        'epoch-mismatch',
        `This hub's epoch is ${store.epoch}, not ${body.hubEpoch}: pull (your cursor resets), then push again. Nothing was written.`,
      );
    }
    const batch = body.batch.map((item, index) => readBatchItem(item, index));
    try {
      const outcome = await applyPush(store, principal, batch, clock(), body.origin);
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
}
