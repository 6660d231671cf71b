import type { Lang, Space } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { materialize } from '#shared/sync/protocol-merge';
import type { HubLog } from '../log';
import type { FeedRow, Occurrence } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { expandFeed } from './expand-feed';
import { DEFAULT_FETCH_LIMITS, fetchFeed, type FetchLimits, type Validators } from './fetch-feed';
import { syncOccurrences, type SyncSummary } from './occurrence-sync';
import { parseFeed } from './parse-feed';

/**
 * One feed's import: fetch (or take the uploaded text), parse, expand over the window, sync the
 * feed's events. A failed or malformed fetch changes nothing but the feed's error (kept with the
 * feed and logged); an event that left a good feed is deleted (occurrence-sync.ts).
 */

/** How far the agenda reaches: whole months back and ahead of now. */
export interface WindowSpan {
  readonly monthsBack: number;
  readonly monthsAhead: number;
}

export const DEFAULT_WINDOW_SPAN: WindowSpan = { monthsBack: 1, monthsAhead: 12 };

/** The instants an expansion covers. */
export interface AgendaWindow {
  readonly from: number;
  readonly to: number;
}

/** `now` less `monthsBack` and plus `monthsAhead` calendar months (UTC). */
export function agendaWindow(now: number, span: WindowSpan = DEFAULT_WINDOW_SPAN): AgendaWindow {
  const shift = (months: number) => {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.getTime();
  };
  return { from: shift(-span.monthsBack), to: shift(span.monthsAhead) };
}

/**
 * Parses an iCalendar text and expands it over a window (the iCalendar core, hub/agenda/): the
 * occurrences, or `feed-malformed` naming the line.
 */
export type ExpandFeedText = (
  text: string,
  window: AgendaWindow,
  options: { readonly defaultLang?: Lang; readonly floatingZone: string },
) => Result<Occurrence[]>;

/** ExpandFeedText over the iCalendar core: parseFeed, then expandFeed. */
export const expandFeedText: ExpandFeedText = (text, window, options) => {
  const parsed = parseFeed(text);
  return parsed.ok ? ok(expandFeed(parsed.value, window, options)) : parsed;
};

/** What an import needs besides the store. */
export interface ImportDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  /** Default expandFeedText. */
  readonly expand?: ExpandFeedText;
  readonly limits?: FetchLimits;
  readonly span?: WindowSpan;
}

/** A good import: the sync's counts, and whether the server said "not modified". */
export interface FeedImport extends SyncSummary {
  readonly isNotModified: boolean;
}

/** The zone of `spaceId` (floating times are read in it), or undefined if the hub lacks it. */
async function spaceZone(store: HubStore, spaceId: string): Promise<string | undefined> {
  const row = await store.readRecord('spaces', spaceId);
  const space = row ? (materialize('spaces', row.state) as Space | undefined) : undefined;
  return space?.timezone;
}

/** The text to expand: the fetched one, or the stored one (an upload, or a 304). */
async function feedText(
  feed: FeedRow,
  limits: FetchLimits,
): Promise<Result<{ text: string | null; validators?: Validators; isNotModified: boolean }>> {
  if (feed.url === null) return ok({ text: feed.body, isNotModified: false });
  const fetched = await fetchFeed(
    feed.url,
    { etag: feed.etag, lastModified: feed.lastModified },
    limits,
  );
  if (!fetched.ok) return fetched;
  if (fetched.value.kind === 'not-modified') return ok({ text: feed.body, isNotModified: true });
  return ok({
    text: fetched.value.text,
    validators: fetched.value.validators,
    isNotModified: false,
  });
}

/**
 * Imports `feed` at `now`. Resolves ok with what changed; or with the reason (the fetch's codes,
 * `feed-malformed`, `space-unknown`), which is then stored as the feed's last error and logged,
 * nothing else being changed. Rejects only on database errors.
 */
export async function importFeed(
  deps: ImportDeps,
  feed: FeedRow,
  now: number,
): Promise<Result<FeedImport>> {
  const { store, log } = deps;
  const fail = async (code: string, message: string): Promise<Result<never>> => {
    await store.agenda.recordFeedFailure(feed.id, message, now);
    log.warn('feed import failed', {
      feedId: feed.id,
      spaceId: feed.spaceId,
      code,
      reason: message,
    });
    return err({ code, message });
  };
  const zone = await spaceZone(store, feed.spaceId);
  if (zone === undefined) return fail('space-unknown', `No space ${feed.spaceId} on this hub.`);
  const got = await feedText(feed, deps.limits ?? DEFAULT_FETCH_LIMITS);
  if (!got.ok) return fail(got.error.code, got.error.message);
  const { text, validators, isNotModified } = got.value;
  if (text === null) return fail('feed-empty', 'Nothing to import yet: no good answer stored.');
  const window = agendaWindow(now, deps.span);
  const expanded = (deps.expand ?? expandFeedText)(text, window, {
    floatingZone: zone,
    ...(feed.lang ? { defaultLang: feed.lang } : {}),
  });
  if (!expanded.ok) return fail(expanded.error.code, expanded.error.message);
  const summary = await syncOccurrences(
    store,
    { feedId: feed.id, keepBefore: window.from },
    expanded.value.map((occurrence) => ({ spaceId: feed.spaceId, occurrence })),
    now,
  );
  await store.agenda.recordFeedSuccess(
    feed.id,
    now,
    validators,
    validators && text !== feed.body ? text : undefined,
  );
  const { skipped, ...counts } = summary;
  log.info('feed imported', {
    feedId: feed.id,
    spaceId: feed.spaceId,
    ...counts,
    skipped: skipped.length,
    isNotModified,
  });
  for (const reason of skipped.slice(0, 20)) {
    log.warn('feed event skipped', { feedId: feed.id, reason });
  }
  return ok({ ...summary, isNotModified });
}

/** One feed's outcome in importFeeds. */
export interface FeedOutcome {
  readonly feed: FeedRow;
  readonly result: Result<FeedImport>;
}

/**
 * Imports every feed (or the one `onlyId` names) in turn at `now`; one feed's failure never
 * stops the others. Rejects only on database errors.
 */
export async function importFeeds(
  deps: ImportDeps,
  now: number,
  onlyId?: string,
): Promise<FeedOutcome[]> {
  const feeds = (await deps.store.agenda.listFeeds()).filter(
    (f) => onlyId === undefined || f.id === onlyId,
  );
  const out: FeedOutcome[] = [];
  for (const feed of feeds) out.push({ feed, result: await importFeed(deps, feed, now) });
  return out;
}
