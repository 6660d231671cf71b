import { z } from 'zod';
import type { Lang } from '#shared/domain/types';
import type { ConsoleApi } from './client';

/**
 * A space's iCalendar feeds in the console API (hub/people/feeds-routes.ts): list, add, remove,
 * import now. A failed import is an answer (`ok: false` with its code), not a rejection.
 */

export const FeedSchema = z.object({
  id: z.string(),
  spaceId: z.string(),
  url: z.string().nullable(),
  lang: z.string().nullable(),
  lastOkAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  createdAt: z.number(),
});
export type Feed = z.infer<typeof FeedSchema>;

export const ImportResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    imported: z.number(),
    changed: z.number(),
    removed: z.number(),
    unchanged: z.number(),
    skipped: z.number(),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type ImportResult = z.infer<typeof ImportResultSchema>;

const ListSchema = z.object({ feeds: z.array(FeedSchema) });
const AddedSchema = z.object({ feed: FeedSchema });
const RemovedSchema = z.object({ removed: z.number() });

const feedPath = (id: string) => `/feeds/${encodeURIComponent(id)}`;

/** The feeds of the spaces the operator may see. */
export async function listFeeds(api: ConsoleApi): Promise<Feed[]> {
  return (await api.request('GET', '/feeds', ListSchema)).feeds;
}

/** Adds the feed at `url` to `spaceId` (`feed-url-invalid` when not an http(s) URL). */
export async function addFeed(
  api: ConsoleApi,
  input: { spaceId: string; url: string; lang?: Lang },
): Promise<Feed> {
  return (await api.request('POST', '/feeds', AddedSchema, input)).feed;
}

/** Removes feed `id`; its events leave every kiosk. Resolves with how many events went. */
export async function removeFeed(api: ConsoleApi, id: string): Promise<number> {
  return (await api.request('DELETE', feedPath(id), RemovedSchema)).removed;
}

/** Imports feed `id` now; resolves with what changed or why it failed. */
export async function importFeedNow(api: ConsoleApi, id: string): Promise<ImportResult> {
  return api.request('POST', `${feedPath(id)}/import`, ImportResultSchema, {});
}
