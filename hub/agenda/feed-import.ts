import type { Space } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import { materialize } from '#shared/sync/protocol-merge';
import type { HubLog } from '../log';
import type { FeedRow } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { DEFAULT_FETCH_LIMITS, fetchFeed, type FetchLimits, type Validators } from './fetch-feed';
import { OccurrenceSync, type SyncSummary } from './occurrence-sync';
import { PLAN_BATCH, planFeed, type FeedPlanner } from './plan-feed';
import { writeWhilePlanning } from './write-while-planning';

/**
 * One feed's import: fetch (or take the uploaded text), then plan it — parse, expand over the
 * window, compose, compare, check (plan-feed.ts; in a serving hub on its feed worker thread) —
 * while main writes each planned batch (decision 0059), and finally delete what left the feed. A
 * failed or malformed fetch changes nothing but the feed's error (kept with the feed and
 * logged); a planning that fails midway keeps the batches written and deletes nothing; an event
 * that left a good feed is deleted (occurrence-sync.ts).
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

/** What an import needs besides the store. */
export interface ImportDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  /**
   * Parses, expands and plans the feed's records (plan-feed.ts): the hub's feed worker
   * (feed-worker-pool.ts); default planFeed, on this thread.
   */
  readonly planner?: FeedPlanner;
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
  const scope = { feedId: feed.id, keepBefore: window.from };
  const sync = await OccurrenceSync.open(store, scope, now);
  const planned = await writeWhilePlanning(sync, (onBatch) =>
    (deps.planner ?? planFeed)(
      {
        text,
        window,
        options: { floatingZone: zone, ...(feed.lang ? { defaultLang: feed.lang } : {}) },
        source: feed.id,
        spaceId: feed.spaceId,
        now,
        stored: sync.stored(),
        batchSize: PLAN_BATCH,
      },
      (uids) => sync.overlays(uids),
      onBatch,
    ),
  );
  if (!planned.ok) return fail(planned.error.code, planned.error.message);
  const summary = await sync.finish(planned.value.missing);
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
