import type { ColumnType } from 'kysely';

/**
 * The sync state's tables (schema.ts assembles them into `HubDatabase`): the database's own
 * bookkeeping, the records and their change log, the verdicts given to mutations, and the card
 * keys kept in step with member records.
 */

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

/**
 * Which member holds each card key (Member.cardKeys: every derived form of every card). The key
 * is the primary key, so two members can never hold one form of a card: a tap would be ambiguous.
 */
export interface CardKeysTable {
  card_key: string;
  member_id: string;
}
