import { randomBytes } from 'node:crypto';
import type { Lang } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { requireSpace } from '../admin/admin';
import type { FeedRow } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { importFeed, type FeedImport, type ImportDeps } from './feed-import';
import { parseFeedUrl } from './fetch-feed';
import { syncOccurrences } from './occurrence-sync';
import { parseFeed } from './parse-feed';

/**
 * The operator's feed operations, for the CLI now and the console's HTTP API later: add a URL,
 * upload a file, remove a feed. Every one resolves with a Result whose error names what is
 * wrong, and rejects only on database errors.
 */

/** A new feed id: short, readable, random (`feed-1a2b3c4d`). */
function newFeedId(): string {
  return `feed-${randomBytes(4).toString('hex')}`;
}

/**
 * Adds the feed at `url` for `spaceId` (events with no language of their own are in `lang`). It
 * is imported by the next scheduled run or `feeds import-now`. Fails with `space-unknown` or
 * `feed-url-invalid` (not http or https, not absolute, too long), storing nothing.
 */
export async function addFeed(
  store: HubStore,
  spaceId: string,
  url: string,
  lang: Lang | undefined,
  now: number,
): Promise<Result<FeedRow>> {
  const known = await requireSpace(store, spaceId);
  if (!known.ok) return known;
  const parsed = parseFeedUrl(url);
  if (!parsed.ok) return parsed;
  const feed = {
    id: newFeedId(),
    spaceId,
    url: parsed.value.href,
    lang: lang ?? null,
    body: null,
    createdAt: now,
  };
  await store.agenda.addFeed(feed);
  const stored = await store.agenda.findFeed(feed.id);
  return stored ? ok(stored) : err({ code: 'feed-unknown', message: `Feed ${feed.id} vanished.` });
}

/** Where an uploaded file goes: a new feed of a space, or an uploaded feed it replaces. */
export type UploadTarget =
  { readonly spaceId: string; readonly lang?: Lang } | { readonly feedId: string };

/**
 * Imports an uploaded iCalendar text: as a new feed (no URL) of a space, or in place of the
 * file of an uploaded feed (events no longer in it are deleted). A malformed file is refused
 * before anything is stored (`feed-malformed`, naming the line); also `space-unknown`,
 * `feed-unknown`, `feed-has-url` (a URL feed is fetched, not uploaded).
 */
export async function uploadFeed(
  deps: ImportDeps,
  target: UploadTarget,
  text: string,
  now: number,
): Promise<Result<{ feed: FeedRow; summary: FeedImport }>> {
  const { store } = deps;
  const check = parseFeed(text);
  if (!check.ok) return check;
  let id: string;
  if ('feedId' in target) {
    const feed = await store.agenda.findFeed(target.feedId);
    if (!feed) return err({ code: 'feed-unknown', message: `No feed ${target.feedId}.` });
    if (feed.url !== null) {
      return err({
        code: 'feed-has-url',
        message: `Feed ${feed.id} is fetched from ${feed.url}; upload a file as a feed of its own.`,
      });
    }
    id = feed.id;
    await store.agenda.replaceFeedBody(id, text);
  } else {
    const known = await requireSpace(store, target.spaceId);
    if (!known.ok) return known;
    id = newFeedId();
    await store.agenda.addFeed({
      id,
      spaceId: target.spaceId,
      url: null,
      lang: target.lang ?? null,
      body: text,
      createdAt: now,
    });
  }
  const stored = await store.agenda.findFeed(id);
  if (!stored) return err({ code: 'feed-unknown', message: `Feed ${id} vanished.` });
  const summary = await importFeed(deps, stored, now);
  return summary.ok ? ok({ feed: stored, summary: summary.value }) : summary;
}

/**
 * Removes feed `id`: every event it produced is deleted (kiosks drop them at their next pull),
 * then the feed. Fails with `feed-unknown`.
 */
export async function removeFeed(
  store: HubStore,
  id: string,
  now: number,
): Promise<Result<{ removed: number }>> {
  const feed = await store.agenda.findFeed(id);
  if (!feed) return err({ code: 'feed-unknown', message: `No feed ${id}.` });
  const summary = await syncOccurrences(
    store,
    { feedId: id, keepBefore: Number.NEGATIVE_INFINITY },
    [],
    now,
  );
  await store.agenda.removeFeed(id);
  return ok({ removed: summary.removed });
}
