import type {
  HubMigrationsTable,
  HubMetaTable,
  HubSequencerTable,
  RecordsTable,
  ChangesTable,
  MutationsTable,
  CardKeysTable,
} from './schema-sync';
import type {
  FeedsTable,
  AgendaOccurrencesTable,
  HubEventsTable,
  EventTranslationsTable,
  EventCancellationsTable,
} from './schema-agenda';
import type {
  KiosksTable,
  EnrolmentsTable,
  HeartbeatsTable,
  ReleasesTable,
  ReleasePinsTable,
  KioskLogRequestsTable,
  KioskLogUploadsTable,
} from './schema-fleet';
import type {
  OperatorsTable,
  OperatorSessionsTable,
  LoginFailuresTable,
  AuditLogTable,
} from './schema-operators';
import type {
  VisitHoursTable,
  VisitOriginsTable,
  PersonOrdinalsTable,
  PersonOrdinalNextTable,
  PresenceDaysTable,
  PresenceMonthsTable,
  PersonFirstTable,
} from './schema-indicators';

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
