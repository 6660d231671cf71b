import { z } from 'zod';
import { LANGS } from '#shared/domain/types';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { addFeed, removeFeed } from '../agenda/feeds-admin';
import { importFeed } from '../agenda/feed-import';
import {
  assertSpace,
  operatorOf,
  spacesFor,
  type ConsoleDeps,
  type ConsoleRoutes,
} from '../console-api/contract';
import { HttpError } from '../http/errors';
import type { FeedRow } from '../store/agenda-rows';
import { IdParams, orRefuse, parseInput } from './input';

/**
 * A space's iCalendar feeds in the console (issue 12, point 5), over the CLI's operations
 * (hub/agenda/feeds-admin.ts): list, add a URL, remove (its events are deleted on every kiosk),
 * import now. A space manager sees and changes their space's feeds only. Audited as `feed.add`,
 * `feed.remove`, `feed.import` with the feed's id.
 */

const ListQuery = z.strictObject({ space: RecordIdSchema.optional() });
const NewFeed = z.strictObject({
  spaceId: RecordIdSchema,
  url: z.string().min(1).max(2048),
  lang: z.enum(LANGS).optional(),
});

/** A feed as the console shows it: without its stored text and HTTP validators. */
export interface FeedView {
  readonly id: string;
  readonly spaceId: string;
  /** null: an uploaded file. */
  readonly url: string | null;
  readonly lang: string | null;
  readonly lastOkAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly createdAt: number;
}

function feedView(f: FeedRow): FeedView {
  return {
    id: f.id,
    spaceId: f.spaceId,
    url: f.url,
    lang: f.lang,
    lastOkAt: f.lastOkAt,
    lastError: f.lastError,
    lastErrorAt: f.lastErrorAt,
    createdAt: f.createdAt,
  };
}

/** Feed `id` after checking the operator manages its space; 404 when there is none. */
async function managedFeed(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
  id: string,
): Promise<FeedRow> {
  const feed = await deps.store.agenda.findFeed(id);
  if (!feed) throw new HttpError(404, 'not-found', `No feed ${id} on this hub.`);
  assertSpace(operator, feed.spaceId);
  return feed;
}

/** The feeds routes: `GET|POST /feeds`, `DELETE /feeds/:id`, `POST /feeds/:id/import`. */
export const feedsRoutes: ConsoleRoutes = (scope, deps) => {
  scope.get('/feeds', async (request) => {
    const { space } = parseInput(ListQuery, request.query, 'query');
    const visible = spacesFor(operatorOf(request), space ? [space] : undefined);
    const feeds = await deps.store.agenda.listFeeds();
    return {
      feeds: feeds
        .filter((f) => visible === undefined || visible.includes(f.spaceId))
        .map(feedView),
    };
  });

  scope.post('/feeds', async (request, reply) => {
    const operator = operatorOf(request);
    const body = parseInput(NewFeed, request.body, 'body');
    assertSpace(operator, body.spaceId);
    const feed = orRefuse(
      await addFeed(deps.store, body.spaceId, body.url, body.lang, deps.clock()),
    );
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'feed.add',
      target: `feed:${feed.id}`,
      after: { spaceId: feed.spaceId, url: feed.url, lang: feed.lang },
    });
    return reply.status(201).send({ feed: feedView(feed) });
  });

  scope.delete('/feeds/:id', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const feed = await managedFeed(deps, operator, id);
    const { removed } = orRefuse(await removeFeed(deps.store, id, deps.clock()));
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'feed.remove',
      target: `feed:${id}`,
      before: { spaceId: feed.spaceId, url: feed.url, lang: feed.lang },
    });
    return { removed };
  });

  scope.post('/feeds/:id/import', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const feed = await managedFeed(deps, operator, id);
    const limits = deps.feedLimits ? { limits: deps.feedLimits } : {};
    const planner = deps.feedPlanner ? { planner: deps.feedPlanner } : {};
    const result = await importFeed(
      { store: deps.store, log: deps.log, ...limits, ...planner },
      feed,
      deps.clock(),
    );
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'feed.import',
      target: `feed:${id}`,
      after: result.ok ? { ok: true } : { ok: false, code: result.error.code },
    });
    // A feed that fails is the feed's state, not a failure of this request: 200 either way.
    if (!result.ok) return { ok: false, code: result.error.code, message: result.error.message };
    const { imported, changed, removed, unchanged, skipped } = result.value;
    return { ok: true, imported, changed, removed, unchanged, skipped: skipped.length };
  });
};
