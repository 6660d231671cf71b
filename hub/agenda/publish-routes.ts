import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Space } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { HttpError } from '../http/errors';
import type { HubStore } from '../store/store';
import { digestOf } from './occurrence-ids';
import {
  AgendaCache,
  AgendaQuerySchema,
  buildBody,
  matchesEtag,
  selectEvents,
  type AgendaQuery,
} from './published-agenda';

/** Requests per address and window on the agenda routes; tests shrink them. */
export interface AgendaRateLimit {
  readonly max: number;
  readonly timeWindowMs: number;
}

export const DEFAULT_AGENDA_RATE_LIMIT: AgendaRateLimit = { max: 60, timeWindowMs: 60_000 };

/** How long a client or a proxy may reuse an answer without asking again. */
const CACHE_CONTROL = 'public, max-age=300';

const TYPES = { ics: 'text/calendar; charset=utf-8', json: 'application/json; charset=utf-8' };

/** The live spaces, by id. */
async function liveSpaces(store: HubStore): Promise<Map<string, Space>> {
  const spaces = new Map<string, Space>();
  for (const id of await store.liveRecordIds('spaces')) {
    const row = await store.readRecord('spaces', id);
    const space = row ? (materialize('spaces', row.state) as Space | undefined) : undefined;
    if (space) spaces.set(id, space);
  }
  return spaces;
}

/** The query string as an AgendaQuery, or a 400 naming the parameters at fault (never values). */
function queryOf(raw: unknown): AgendaQuery {
  const parsed = AgendaQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new HttpError(
    400,
    'malformed',
    'Ask for the agenda as ?lang=fr|nl|en, optionally with &space=<id> or &country=BE.',
    parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'query'}: ${i.message}`),
  );
}

/**
 * Registers the published agenda, read-only and without a credential (decision 0023):
 * `GET /agenda.ics` and `GET /agenda.json` with `?lang=fr|nl|en[&space=ID][&country=XX]`. Each
 * answer carries a strong ETag and Cache-Control; If-None-Match gets 304. Bodies are cached in
 * memory per query until the agenda's version or the spaces change (so another hub process's
 * import is seen too). Both routes, and only they, are rate-limited per client address (429).
 * Refusals are HttpErrors for the hub's error handler: 400 bad query, 404 unknown space.
 */
export function registerAgendaRoutes(
  app: FastifyInstance,
  deps: { readonly store: HubStore; readonly rateLimit?: AgendaRateLimit },
): void {
  const { store } = deps;
  const limit = deps.rateLimit ?? DEFAULT_AGENDA_RATE_LIMIT;
  const cache = new AgendaCache();
  // Its own scope: the limiter's hooks apply to the routes registered in it, and to no other.
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          429,
          'rate-limited',
          `Too many requests for the agenda from this address (at most ${context.max} per ${context.after}): retry in ${Math.ceil(context.ttl / 1000)} s.`,
        ),
    });
    for (const format of ['ics', 'json'] as const) {
      scope.get(`/agenda.${format}`, async (request, reply) => {
        const query = queryOf(request.query);
        const spaces = await liveSpaces(store);
        if (query.space !== undefined && !spaces.has(query.space)) {
          throw new HttpError(404, 'space-unknown', `No space ${query.space} on this hub.`);
        }
        const version = `${await store.agenda.agendaVersion()}:${digestOf([...spaces.values()])}`;
        const key = [format, query.lang, query.space ?? '', query.country ?? ''].join('|');
        const { body, etag } = await cache.get(key, version, async () =>
          buildBody(
            format,
            selectEvents(await store.agenda.liveEvents(), spaces, query),
            spaces,
            query.lang,
          ),
        );
        void reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
        if (matchesEtag(request.headers['if-none-match'], etag)) {
          return reply.status(304).send();
        }
        return reply.type(TYPES[format]).send(body);
      });
    }
  });
}
