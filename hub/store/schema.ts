import type { ColumnType, Generated } from 'kysely';

/**
 * The hub database's tables as Kysely sees them, one definition for SQLite and PostgreSQL (the
 * DDL that makes them is `migrations.ts`). Integers are JavaScript numbers on both: 64-bit
 * columns are INTEGER on SQLite and BIGINT on PostgreSQL, whose driver is told to parse them as
 * numbers (postgres-store.ts); every value stored is below 2^53 (sequences, epoch milliseconds).
 * Flags are 0/1 integers, since SQLite has no boolean type and better-sqlite3 binds no booleans.
 */
export interface HubDatabase {
  hub_migrations: HubMigrationsTable;
  hub_meta: HubMetaTable;
  hub_sequencer: HubSequencerTable;
  records: RecordsTable;
  changes: ChangesTable;
  mutations: MutationsTable;
  kiosks: KiosksTable;
  enrolments: EnrolmentsTable;
  card_keys: CardKeysTable;
  feeds: FeedsTable;
  agenda_occurrences: AgendaOccurrencesTable;
  hub_events: HubEventsTable;
  event_translations: EventTranslationsTable;
  event_cancellations: EventCancellationsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  fleet_latest: HeartbeatsTable;
  kiosk_heartbeats: HeartbeatsTable;
  visit_hours: VisitHoursTable;
  visit_origins: VisitOriginsTable;
  releases: ReleasesTable;
  release_pins: ReleasePinsTable;
  kiosk_log_requests: KioskLogRequestsTable;
  kiosk_log_uploads: KioskLogUploadsTable;
  person_ordinals: PersonOrdinalsTable;
  person_ordinal_next: PersonOrdinalNextTable;
  presence_days: PresenceDaysTable;
  presence_months: PresenceMonthsTable;
  person_first: PersonFirstTable;
}

/** One row per applied migration (`version` 1, 2, …). */
export interface HubMigrationsTable {
  version: number;
  at: number | null;
}

/** Key/value facts about the database; `epoch` is made when it is created. */
export interface HubMetaTable {
  key: string;
  value: string;
}

/** The one row (`id` 1) whose `value` is the last change sequence assigned. */
export interface HubSequencerTable {
  id: number;
  value: number;
}

/** The merge state of each record the hub holds. */
export interface RecordsTable {
  tbl: string;
  record_id: string;
  owner_space: string | null;
  person_key: string | null;
  /** The `RecordState` as JSON. */
  state: string;
  /** 1 when `state` is the `erased` tombstone: what compaction and erasures match on. */
  erased: ColumnType<number, number | undefined, number>;
  /** The `seq` of the record's change-log entry; null when it has none (change-log.ts). */
  change_seq: ColumnType<number | null, number | null | undefined, number | null>;
  /**
   * A live visit's `eventId` (its check-in's, written once: rule 3), what attendance is counted
   * by (attendance.ts); null for every other row, tombstones included.
   */
  event_id: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * A live visit's check-in and check-out instants (epoch ms), what the indicators read
   * (migration 11, indicators.ts); null for every other row, tombstones included.
   */
  check_in_at: ColumnType<number | null, number | null | undefined, number | null>;
  check_out_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/**
 * The change log: one entry per record (its row's `change_seq`; no index on the pair since
 * migration 6), numbered by the sequencer.
 */
export interface ChangesTable {
  seq: number;
  tbl: string;
  record_id: string;
  op: string;
  /** The full record as JSON for a `put`; null otherwise. */
  record: string | null;
  /** The only space whose kiosks receive it; null = every kiosk. */
  scope: string | null;
  /**
   * The kiosk database whose push this entry holds exactly (protocol rule 12): its pulls that
   * name this origin skip it. Null for every other entry.
   */
  origin: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The verdict given to each mutation id (protocol rule 1). */
export interface MutationsTable {
  mutation_id: string;
  kiosk_id: string;
  status: string;
  code: string | null;
  reason: string | null;
}

/** Enrolled kiosks and the hash of their credential. */
export interface KiosksTable {
  kiosk_id: string;
  space_id: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  pulled_through: Generated<number>;
}

/** One-time enrolment codes (hashed). */
export interface EnrolmentsTable {
  code_hash: string;
  space_id: string;
  expires_at: number;
  used_at: number | null;
  kiosk_id: string | null;
}

/**
 * Which member holds each card key (Member.cardKeys: every derived form of every card). The key
 * is the primary key, so two members can never hold one form of a card: a tap would be ambiguous.
 */
export interface CardKeysTable {
  card_key: string;
  member_id: string;
}

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

/** Console operators (decision 0026); `email` is stored lower-cased, unique. */
export interface OperatorsTable {
  id: string;
  email: string;
  /** `network` or `space`. */
  role: string;
  /** The managed space of a `space` operator; null for a network operator. */
  space_id: string | null;
  /** Argon2id, in its PHC string form. */
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  last_login_at: number | null;
}

/** Console sessions, keyed by the SHA-256 of the cookie value (the value itself is never kept). */
export interface OperatorSessionsTable {
  id_hash: string;
  operator_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

/** Failed logins per `account:<email>` or `address:<ip>`, and the backoff they earned. */
export interface LoginFailuresTable {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

/** Every change made through the console or the CLI; `before`/`after` are JSON or null. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

/**
 * A kiosk's heartbeat as received (`fleet_latest`: the latest per kiosk; `kiosk_heartbeats`: a
 * week of them): the hub's receipt time, the kiosk's clock minus the hub's, and the message's
 * body (shared/sync/heartbeat.ts) as JSON.
 */
export interface HeartbeatsTable {
  kiosk_id: string;
  received_at: number;
  clock_offset_ms: number;
  heartbeat: string;
}

/**
 * Live visits per visited space and UTC hour of check-in (migration 13, visit-tallies.ts): what
 * visits per week, busiest hours and stays are summed from.
 */
export interface VisitHoursTable {
  /** The hour's first instant, epoch ms. */
  hour_at: number;
  space: string;
  visits: number;
  /** Visits checked out, not before their check-in, and the sum of their stays (ms). */
  closed: number;
  stay_ms: number;
}

/**
 * Live visits per visited space, UTC hour of check-in and origin of the person (migration 13):
 * `origin` is a member's home space id or `country:XX`; `member` 1 for a member, 0 a visitor.
 */
export interface VisitOriginsTable {
  hour_at: number;
  space: string;
  origin: string;
  member: number;
  visits: number;
}

/** A kiosk update added with `release add` (migration 14, hub/releases/). */
export interface ReleasesTable {
  channel: string;
  version: string;
  file_name: string;
  /** base64 sha512 of the file, as electron-updater checks it. */
  sha512: string;
  size: number;
  added_at: number;
  /** JSON list of space ids the release is rolled out to, or null. */
  rollout_spaces: string | null;
  /** Percentage (0–100) of kiosks, by a stable hash of their id, or null. */
  rollout_percent: number | null;
}

/** A space held at one version of a channel (a rollback), migration 14. */
export interface ReleasePinsTable {
  space_id: string;
  channel: string;
  version: string;
  pinned_at: number;
}

/** An operator's pending request for a kiosk's logs (migration 15, kiosk-logs.ts). */
export interface KioskLogRequestsTable {
  kiosk_id: string;
  requested_at: number;
  requested_by: string;
}

/** A kiosk's log upload (migration 15): the text of its files joined, gzipped in `content`. */
export interface KioskLogUploadsTable {
  upload_id: string;
  kiosk_id: string;
  received_at: number;
  text_bytes: number;
  /** JSON array of the files' names, oldest first. */
  file_names: string;
  content: Buffer;
}

/** A person key's dense ordinal in its kind (migration 16, presence.ts; decision 0048). */
export interface PersonOrdinalsTable {
  person_key: string;
  /** 1 for a member, 0 for a visitor: each kind has its own ordinals. */
  member: number;
  ordinal: number;
}

/** Each kind's next ordinal (migration 16): ordinals are never reused. */
export interface PersonOrdinalNextTable {
  member: number;
  next_ordinal: number;
}

/**
 * Who had a live visit at a space on a local day (migration 16): bit `ordinal % 32` of block
 * `ordinal / 32`; `day` is the local date's day number since 1970-01-01.
 */
export interface PresenceDaysTable {
  space: string;
  day: number;
  member: number;
  block: number;
  bits: number;
}

/** The same per local month (`month`: the day number of its 1st). */
export interface PresenceMonthsTable {
  space: string;
  month: number;
  member: number;
  block: number;
  bits: number;
}

/**
 * A visitor's first live check-in anywhere (migration 16): its instant, that visit's space, and
 * `tied` 1 when several visits share the instant (their spaces are then read from `records`).
 */
export interface PersonFirstTable {
  person_key: string;
  first_at: number;
  first_space: string | null;
  tied: number;
}
