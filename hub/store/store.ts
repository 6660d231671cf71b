import type { SyncedTable } from '#shared/domain/types';
import type { Change, SyncOp } from '#shared/sync/protocol';
import type { RecordState } from '#shared/sync/protocol-merge';
import type { AttendanceRange, AttendanceRow } from './attendance';
import type { AgendaStore } from './agenda-rows';
import type { PeopleStore } from './people';
import type { OperatorStore } from './operator-rows';
import type { FleetStore } from './fleet-rows';
import type { ReleaseStore } from './releases';
import type { KioskLogStore } from './kiosk-log-rows';
import type { IndicatorsStore } from './indicators-rows';

/**
 * The hub's storage: one interface, implemented once over Kysely for both databases
 * (sql-store.ts; what differs between SQLite and PostgreSQL is engine.ts). Sync logic
 * (hub/sync/push.ts) is written once against SyncTx; the store only moves rows.
 */

/** What the hub holds of one record: its merge state and who may see and change it. */
export interface RecordRow {
  readonly table: SyncedTable;
  readonly recordId: string;
  /** The space that owns the record (visits, visitors, members' home); null = the hub's. */
  readonly ownerSpace: string | null;
  /** `member:<id>` or `visitor:<id>` for visits, so an erasure finds them; else null. */
  readonly personKey: string | null;
  readonly state: RecordState;
}

/** The verdict given to a mutation id, replayed to every retry (protocol rule 1). */
export interface Verdict {
  readonly mutationId: string;
  readonly kioskId: string;
  readonly status: 'accepted' | 'rejected';
  readonly code?: string;
  readonly reason?: string;
}

/** A change-log entry to append; the adapter assigns its sequence number. */
export interface ChangeWrite {
  readonly table: SyncedTable;
  readonly recordId: string;
  readonly op: SyncOp;
  readonly record?: unknown;
  /** `record` as JSON, when the writer has it already (decision 0061): then `record` is unused. */
  readonly recordText?: string;
  /** The only space whose kiosks receive it; null = every kiosk. */
  readonly scope: string | null;
  /**
   * Set only when the entry's record is exactly what a push from this kiosk database sent
   * (protocol rule 12): pulls naming the same origin skip the entry.
   */
  readonly origin?: string;
}

/**
 * A record's first row, its state already encoded (decision 0061, hub/sync/encoded-put.ts): a
 * record of a table the hub alone writes, which no row held when the transaction read it. No
 * tallies, presence or card keys follow from it (those tables are not hub-owned).
 */
export interface FreshRecordRow {
  readonly table: SyncedTable;
  readonly recordId: string;
  readonly ownerSpace: string | null;
  /** The state as `records.state` holds it (stored-state.ts). */
  readonly stateText: string;
}

/** `table/recordId`, the key of RecordRow maps. */
export function recordKey(table: SyncedTable, recordId: string): string {
  return `${table}/${recordId}`;
}

/** `member:<id>` or `visitor:<id>`: how visit rows name their person (RecordRow.personKey). */
export function personKeyOf(table: SyncedTable, id: string): string {
  return `${table === 'members' ? 'member' : 'visitor'}:${id}`;
}

/** Keeps the last change of each record, in order: one log entry per record per transaction. */
export function lastPerRecord(changes: readonly ChangeWrite[]): ChangeWrite[] {
  const byKey = new Map<string, ChangeWrite>();
  for (const c of changes) {
    const key = recordKey(c.table, c.recordId);
    byKey.delete(key);
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/**
 * Operations inside one sync transaction. Every method may throw (database errors); the
 * transaction is then rolled back and nothing of it is visible.
 */
export interface SyncTx {
  loadVerdicts(mutationIds: readonly string[]): Promise<Map<string, Verdict>>;
  /** Rows by recordKey; absent keys are not in the map. */
  loadRecords(
    keys: readonly { table: SyncedTable; recordId: string }[],
  ): Promise<Map<string, RecordRow>>;
  /**
   * Upserts `rows` and appends `changes` in order, each with the next sequence number, replacing
   * any earlier entry of the same record (the log keeps the latest change per record: a snapshot,
   * not a history). For member rows it also makes the card-key index hold exactly their
   * `cardKeys` (none for a tombstone). Rejects with CardClashError (card-keys.ts), rolling the
   * transaction back, when a key would then belong to two members. `fresh` rows are inserted
   * after `rows`; it rejects a fresh row of a table with tallies, presence or card keys.
   */
  write(
    rows: readonly RecordRow[],
    changes: readonly ChangeWrite[],
    fresh?: readonly FreshRecordRow[],
  ): Promise<void>;
  /** The member holding each of `keys` that is held, as committed so far in this transaction. */
  loadCardHolders(keys: readonly string[]): Promise<Map<string, string>>;
  saveVerdicts(verdicts: readonly Verdict[]): Promise<void>;
  /**
   * Rule 7: turns every visit of the person into an `erased` tombstone and drops its log entries.
   * The tombstones keep `personKey` (and nothing else of the person) until the erasure is
   * compacted, so compaction finds them.
   */
  eraseVisitsOf(personKey: string): Promise<void>;
  /** Every row of `table` (the retention purge reads spaces and visitors this way). */
  loadTable(table: SyncedTable): Promise<RecordRow[]>;
  /** The visit rows whose personKey is `personKey` (indexed). */
  loadVisitsOf(personKey: string): Promise<RecordRow[]>;
  /** Every kiosk, revoked ones included (the erasure compaction reads their pull marks). */
  loadKiosks(): Promise<KioskRow[]>;
  /** Every `erase` entry of the change log, in sequence order. */
  loadErasures(): Promise<LogEntry[]>;
  /** The log entries of the visit tombstones that keep `personKey` (see eraseVisitsOf). */
  loadVisitTombstoneEntries(personKey: string): Promise<LogEntry[]>;
  /**
   * Erasure compaction: deletes the person's `erased` tombstone and its log entry, and the
   * `erased` visit tombstones keeping `personKey` with their log entries. Rows that are not
   * tombstones are left alone.
   */
  forgetPerson(table: 'members' | 'visitors', recordId: string, personKey: string): Promise<void>;
}

/** A change-log entry as the erasure compaction reads it. */
export interface LogEntry {
  readonly seq: number;
  readonly table: SyncedTable;
  readonly recordId: string;
  /** The only space whose kiosks receive it; null = every kiosk. */
  readonly scope: string | null;
}

/** A kiosk as the hub knows it. */
export interface KioskRow {
  readonly kioskId: string;
  readonly spaceId: string;
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  /**
   * The cursor of the kiosk's latest pull request: every change up to it is durably applied on
   * the kiosk (0 before its first pull, or when that pull was a reset).
   */
  readonly pulledThrough: number;
}

/** One page of the change log for one space's kiosks. */
export interface PullPage {
  readonly changes: Change[];
  readonly cursor: number;
  readonly hasMore: boolean;
  /** The highest sequence ever assigned (monotonic even when entries are removed). */
  readonly head: number;
}

/** Counts for tests and `/health`. */
export interface StoreStats {
  readonly records: number;
  readonly changes: number;
  readonly verdicts: number;
  readonly head: number;
}

/** Outcome of redeeming an enrolment code. */
export type RedeemOutcome =
  | { readonly ok: true; readonly spaceId: string }
  | {
      readonly ok: false;
      readonly code: 'enrolment-invalid' | 'kiosk-other-space' | 'kiosk-revoked';
    };

/** Outcome of reinstating a kiosk: done, or why not. */
export type ReinstateOutcome = 'reinstated' | 'not-revoked' | 'unknown';

/**
 * The hub's storage. Opened (and migrated) by its factory; every method may reject on database
 * errors, which the HTTP layer turns into 500 without acknowledging anything.
 */
export interface HubStore {
  readonly kind: 'sqlite' | 'postgres';
  /** A random id made when the database was created: a wiped hub has a new one. */
  readonly epoch: string;
  /**
   * Runs `fn` in one serialised write transaction: committed when `fn` resolves, rolled back when
   * it rejects (the rejection is passed on). Sequence numbers are assigned inside it, in commit
   * order. With `keys`, `fn` promises to read and write only the records (`recordKey`) and
   * mutation ids named there, and no member's cards: it is then serialised only with the
   * transactions given none and with those naming one of the same keys (SqlEngine.writeKeyed).
   */
  syncTransaction<T>(fn: (tx: SyncTx) => Promise<T>, keys?: readonly string[]): Promise<T>;
  /**
   * Changes with seq > cursor visible to `spaceId` (null: all), at most `limit`, from one
   * snapshot; with `origin`, without the entries that origin's own pushes left (rule 12), which
   * the cursor still steps over.
   */
  pull(cursor: number, limit: number, spaceId: string | null, origin?: string): Promise<PullPage>;
  readRecord(table: SyncedTable, recordId: string): Promise<RecordRow | undefined>;
  /** The ids of `table`'s records that are neither deleted nor erased, in id order. */
  liveRecordIds(table: SyncedTable): Promise<string[]>;
  /** The member holding each of `keys` that is held (the card-key index, committed data). */
  cardHolders(keys: readonly string[]): Promise<Map<string, string>>;
  stats(): Promise<StoreStats>;
  /**
   * Attendance per event starting in `range` (attendance.ts: who counts as an attendee, first-time
   * or cross-border), counted in SQL from one read snapshot.
   */
  attendance(range: AttendanceRange): Promise<AttendanceRow[]>;

  createEnrolment(codeHash: string, spaceId: string, expiresAt: number): Promise<void>;
  /**
   * Marks the code used and stores the kiosk with `tokenHash`, in one transaction. A kiosk id
   * already enrolled for the same space gets the new credential (the old one stops working); a
   * revoked one is refused (`kiosk-revoked`, the code stays unused) until an operator reinstates it.
   */
  redeemEnrolment(
    codeHash: string,
    kioskId: string,
    tokenHash: string,
    now: number,
  ): Promise<RedeemOutcome>;
  findKiosk(kioskId: string): Promise<KioskRow | undefined>;
  /** False when no such kiosk. */
  revokeKiosk(kioskId: string, now: number): Promise<boolean>;
  /**
   * An operator's explicit consent to enrol a revoked kiosk again: clears the revocation, but the
   * old credential stays void (the kiosk needs a new code) and its pull mark restarts at 0.
   */
  reinstateKiosk(kioskId: string): Promise<ReinstateOutcome>;
  listKiosks(): Promise<KioskRow[]>;
  /**
   * Stores `cursor` as the kiosk's `pulledThrough` (one cheap UPDATE, outside any sync
   * transaction; an unknown kiosk id changes nothing).
   */
  recordPull(kioskId: string, cursor: number): Promise<void>;
  /** Feeds, the events the hub wrote for them, hub-made events and the editor's words. */
  readonly agenda: AgendaStore;
  /** The console's reads of members, visitors and spaces (decision 0031). */
  readonly people: PeopleStore;
  /** Console operators, their sessions, login throttling and the audit log (decision 0026). */
  readonly operators: OperatorStore;
  /** Kiosks' heartbeats: the latest of each and a week of history (fleet-rows.ts). */
  readonly fleet: FleetStore;
  /** Operators' requests for kiosks' logs and the uploads kept (kiosk-log-rows.ts). */
  readonly kioskLogs: KioskLogStore;
  /** The network's indicators for a period and spaces (indicators-rows.ts), in SQL. */
  readonly indicators: IndicatorsStore;
  /** Kiosk updates and their rollout (releases.ts, hub/releases/, decision 0040). */
  readonly releases: ReleaseStore;
  close(): Promise<void>;
}
