/**
 * The agenda's tables (schema.ts assembles them into `HubDatabase`): feeds, the occurrences the
 * hub wrote, hub-made events and editors' translations and cancellations.
 */

/** A space's iCalendar feed: a URL fetched on a schedule, or an uploaded file (no URL). */
export interface FeedsTable {
  id: string;
  space_id: string;
  /** http(s) URL; null for an uploaded file. */
  url: string | null;
  /** The language of events whose feed names none (fr, nl, en); null = unknown. */
  lang: string | null;
  /** The last good iCalendar text (uploaded or fetched), re-expanded as the window rolls on. */
  body: string | null;
  etag: string | null;
  last_modified: string | null;
  last_ok_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  created_at: number;
}

/**
 * Every `events` record the hub wrote and still answers for: which feed produced it (null: made
 * at the hub), its series UID and recurrence id ('' for none), and the digest of what was written,
 * so an import writes only what changed and deletes what left a good feed.
 */
export interface AgendaOccurrencesTable {
  event_id: string;
  feed_id: string | null;
  uid: string;
  /** The UID's series key (agenda-series.ts), what lookups by UID go through (migration 19). */
  series: string;
  recurrence_id: string;
  space_id: string;
  starts_at: number;
  ends_at: number;
  digest: string;
  /** The stamp of the record's last put: the next one must be later (rule 5). */
  hlc: string;
}

/** Events made at the hub (no feed): the editor's definition as JSON, one per series UID. */
export interface HubEventsTable {
  uid: string;
  space_id: string;
  /** The HubEventDefinition (store/agenda-rows.ts) as JSON. */
  event: string;
  created_at: number;
  updated_at: number;
}

/** An editor's title/description in one language for a series UID; imports never overwrite it. */
export interface EventTranslationsTable {
  uid: string;
  lang: string;
  title: string | null;
  description: string | null;
  updated_at: number;
}

/** An editor's cancellation of a series UID ('' recurrence id) or of one occurrence of it. */
export interface EventCancellationsTable {
  uid: string;
  recurrence_id: string;
  at: number;
}
