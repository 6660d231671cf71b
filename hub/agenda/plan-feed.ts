import { err, ok, type Result } from '#shared/result';
import { expandFeedSeries, type ExpandOptions, type ExpandWindow } from './expand-feed';
import {
  planOccurrences,
  type Overlays,
  type Plan,
  type SourceOccurrence,
  type StoredOccurrence,
} from './occurrence-plan';
import { seriesKey } from '../store/agenda-series';
import { parseFeed, type ParsedFeed } from './parse-feed';

/**
 * One feed's text, from parsing to planned batches (decision 0059): parse, ask for the editor's
 * words and cancellations of the series found, then expand series by series and plan each batch
 * of occurrences against what the store holds (occurrence-plan.ts). The same run serves in place
 * and in the import's worker thread (feed-worker.ts); everything it takes and hands on survives a
 * structured clone.
 */

/** What a run needs: the text and window, and what the store holds of the feed. */
export interface PlanFeedJob {
  readonly text: string;
  readonly window: ExpandWindow;
  readonly options: ExpandOptions;
  /** The feed id: what new record ids are named after. */
  readonly source: string;
  readonly spaceId: string;
  readonly now: number;
  /** keyOf(uid, recurrenceId) → the feed's occurrence as stored. */
  readonly stored: ReadonlyMap<string, StoredOccurrence>;
  /**
   * Occurrences per batch handed on (at least; a series is never split); the first batch holds
   * a fifth of it, so main starts writing sooner (decision 0060).
   */
  readonly batchSize: number;
}

/** How a run ended well: the stored occurrences the feed no longer gives (their keys). */
export interface PlanFeedEnd {
  readonly missing: string[];
}

/** The words and cancellations of the series `uids`, from the store. */
export type OverlaysOf = (uids: readonly string[]) => Promise<Overlays>;

/** Runs a job: hands on planned batches, resolves with how it ended. */
export type FeedPlanner = (
  job: PlanFeedJob,
  overlaysOf: OverlaysOf,
  onBatch: (plan: Plan) => void,
) => Promise<Result<PlanFeedEnd>>;

/**
 * `feed` with its series in the order of their series keys (hub/store/agenda-series.ts), which
 * new record ids lead with: expanded in that order, a first import hands on occurrences in nearly
 * ascending id order, so each batch main writes lands after the previous one in the B-trees keyed
 * by record id and in the bookkeeping's index by series key, instead of all over them (decision
 * 0060).
 */
function inKeyOrder(feed: ParsedFeed): ParsedFeed {
  const keyed = feed.series.map((series) => ({ series, key: seriesKey(series.uid) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...feed, series: keyed.map((k) => k.series) };
}

/** Occurrences per batch of a feed import: small enough that writing starts early. */
export const PLAN_BATCH = 2_500;

/**
 * Runs `job` on this thread: `feed-malformed` naming the line when the text does not parse
 * (nothing handed on), else every batch handed to `onBatch` before it resolves. Rejects only
 * when `overlaysOf` does.
 */
export const planFeed: FeedPlanner = async (job, overlaysOf, onBatch) => {
  const parsed = parseFeed(job.text);
  if (!parsed.ok) return parsed;
  const overlays = await overlaysOf(parsed.value.series.map((s) => s.uid));
  const ctx = { source: job.source, now: job.now, stored: job.stored, ...overlays };
  const given = new Set<string>();
  let pending: SourceOccurrence[] = [];
  let threshold = Math.ceil(job.batchSize / 5);
  const flush = () => {
    onBatch(planOccurrences(ctx, pending, given));
    pending = [];
    threshold = job.batchSize;
  };
  for (const series of expandFeedSeries(inKeyOrder(parsed.value), job.window, job.options)) {
    for (const occurrence of series) pending.push({ spaceId: job.spaceId, occurrence });
    if (pending.length >= threshold) flush();
  }
  if (pending.length > 0) flush();
  return ok({ missing: [...job.stored.keys()].filter((key) => !given.has(key)) });
};

/** A worker's failure as an import's error. */
export const workerFailed = (message: string): Result<never> =>
  err({ code: 'feed-worker-failed', message: `The feed could not be expanded: ${message}` });
