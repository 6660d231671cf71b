import type { AgendaEvent, EventStatus, Lang, Localised } from '#shared/domain/types';

/**
 * The agenda's part of the hub store (decision 0023): feeds, the `events` records the hub wrote
 * for each feed or for itself, events made at the hub, and the editor's translations and
 * cancellations. The records themselves live with every other synced record (`records`); these
 * tables say where each came from, so an import can diff and the editor's words survive it.
 */

/** A space's feed: a URL fetched on a schedule, or an uploaded file (no URL). */
export interface FeedRow {
  readonly id: string;
  readonly spaceId: string;
  readonly url: string | null;
  /** The language of events the feed names none for. */
  readonly lang: Lang | null;
  /**
   * The last good iCalendar text (the uploaded file, or the last 200 answer): expanded again
   * when the server answers 304, since the window has rolled on since.
   */
  readonly body: string | null;
  /** Validators of the last good response, sent back as If-None-Match / If-Modified-Since. */
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly lastOkAt: number | null;
  /** Why the last failed import failed, in a sentence; kept until the next success. */
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly createdAt: number;
}

/** A new feed as `addFeed` stores it. */
export type NewFeed = Pick<FeedRow, 'id' | 'spaceId' | 'url' | 'lang' | 'body' | 'createdAt'>;

/** One `events` record the hub answers for, and what it last wrote into it. */
export interface OccurrenceRow {
  readonly eventId: string;
  /** The feed that produced it; null for an event made at the hub. */
  readonly feedId: string | null;
  readonly uid: string;
  /** RECURRENCE-ID, or '' for a single event. */
  readonly recurrenceId: string;
  readonly spaceId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** A digest of the record last written (without its updatedAt): equal means unchanged. */
  readonly digest: string;
  /** The stamp of that write: the next put of the record must be later (protocol rule 5). */
  readonly hlc: string;
}

/** An editor's words for a series in one language; a field left out keeps the feed's. */
export interface Translation {
  readonly uid: string;
  readonly lang: Lang;
  readonly title?: string;
  readonly description?: string;
}

/** An editor's cancellation: the whole series (recurrenceId '') or one occurrence. */
export interface Cancellation {
  readonly uid: string;
  readonly recurrenceId: string;
}

/** An occurrence as a feed or an editor describes it: an AgendaEvent before the hub names it. */
export type Occurrence = Omit<AgendaEvent, 'id' | 'spaceId' | 'updatedAt'>;

/**
 * An event made at the hub as its editor gave it: times as wall-clock text (`YYYY-MM-DDTHH:MM`
 * in `timeZone`, or `YYYY-MM-DD` for an all-day event, `end` exclusive), so an edit of one of
 * them keeps the others as given.
 */
export interface HubEventDefinition {
  readonly title: Localised;
  readonly description?: Localised;
  readonly start: string;
  readonly end: string;
  /** The zone of a timed event; absent: the space's. */
  readonly timeZone?: string;
  readonly lang?: Lang;
  readonly url?: string;
  readonly location?: string;
  readonly status: EventStatus;
}

/** An event made at the hub: its space and its definition. */
export interface HubEventRow {
  readonly uid: string;
  readonly spaceId: string;
  readonly event: HubEventDefinition;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * The agenda tables. Each method is one statement or one transaction and rejects on database
 * errors, having changed nothing.
 */
export interface AgendaStore {
  /** Rejects when the id is taken (primary key). */
  addFeed(feed: NewFeed): Promise<void>;
  /** Every feed, by space then id. */
  listFeeds(): Promise<FeedRow[]>;
  findFeed(id: string): Promise<FeedRow | undefined>;
  /** False when no such feed. Its occurrence rows are the caller's (saveOccurrences). */
  removeFeed(id: string): Promise<boolean>;
  /**
   * A good import: stores the validators (and, for an upload, the new body), clears the error.
   * `validators` undefined keeps the stored ones (a 304, an upload).
   */
  recordFeedSuccess(
    id: string,
    at: number,
    validators?: { etag: string | null; lastModified: string | null },
    body?: string,
  ): Promise<void>;
  /** Stores a new uploaded text for feed `id`. */
  replaceFeedBody(id: string, body: string): Promise<void>;
  /** A failed import: keeps `reason` and the time; changes nothing else. */
  recordFeedFailure(id: string, reason: string, at: number): Promise<void>;
  /** The occurrences of a feed, or with `null` those made at the hub. */
  occurrencesOf(feedId: string | null): Promise<OccurrenceRow[]>;
  occurrencesOfUid(uid: string): Promise<OccurrenceRow[]>;
  /**
   * Upserts `rows` and forgets `removedIds`, in one transaction; when anything changed, moves the
   * agenda version on (what the published agenda's cache compares).
   */
  saveOccurrences(rows: readonly OccurrenceRow[], removedIds: readonly string[]): Promise<void>;
  /** A number that changes whenever saveOccurrences changes anything (0 at first). */
  agendaVersion(): Promise<number>;
  /** Inserts or replaces the event made at the hub under `uid`. */
  saveHubEvent(uid: string, spaceId: string, event: HubEventDefinition, now: number): Promise<void>;
  findHubEvent(uid: string): Promise<HubEventRow | undefined>;
  hubEvents(): Promise<HubEventRow[]>;
  /** The translations of these series (empty list: none). */
  translations(uids: readonly string[]): Promise<Translation[]>;
  /** Inserts or replaces the words of `t.uid` in `t.lang` (fields left out are kept). */
  saveTranslation(t: Translation, now: number): Promise<void>;
  cancellations(uids: readonly string[]): Promise<Cancellation[]>;
  saveCancellation(c: Cancellation, now: number): Promise<void>;
  /** Which of `ids` name a deleted `events` record (a delete is forever: rule 6). */
  deletedEventIds(ids: readonly string[]): Promise<Set<string>>;
  /** Every live `events` record the hub holds (neither deleted nor erased), by start then id. */
  liveEvents(): Promise<AgendaEvent[]>;
}
