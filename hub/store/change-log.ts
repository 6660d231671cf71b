import type { Kysely, Selectable } from 'kysely';
import type { SyncedTable } from '#shared/domain/types';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { changeValues } from './mappers';
import type { HubDatabase } from './schema';
import type { RecordsTable } from './schema-sync';
import { lastPerRecord, recordKey, type ChangeWrite } from './store';

/**
 * The change log keeps one entry per record (the latest: a snapshot, not a history). Each
 * `records` row holds the `seq` of its entry (`change_seq`, migration 6), so replacing an entry
 * deletes it by its primary key, and `changes` needs no index on (tbl, record_id): a push of
 * random-keyed records then appends its entries to the end of one B-tree instead of also
 * scattering them over a second one (on SQLite a fifth fewer pages written per commit, measured
 * with bench:hub-ingest; decision 0007).
 *
 * One `ChangeLog` lives as long as one write transaction; it remembers the entries of the records
 * the transaction read or wrote, so it looks up only the others.
 */
export class ChangeLog {
  /** recordKey → seq of the record's entry, or null when it has none (or no row). */
  private readonly seqOf = new Map<string, number | null>();

  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly engine: SqlEngine,
  ) {}

  /** Remembers the entries of rows just read. */
  noteRows(
    rows: readonly Pick<Selectable<RecordsTable>, 'tbl' | 'record_id' | 'change_seq'>[],
  ): void {
    for (const r of rows) {
      this.seqOf.set(recordKey(r.tbl as SyncedTable, r.record_id), r.change_seq);
    }
  }

  /** Remembers that `key` has no row (a lookup found none), so it has no entry either. */
  noteAbsent(key: string): void {
    if (!this.seqOf.has(key)) this.seqOf.set(key, null);
  }

  /**
   * Numbers `changes` (the latest per record) after the last sequence assigned, deletes each
   * record's previous entry and appends the new ones. Returns recordKey → its new seq, which the
   * caller stores in the record's row (`change_seq`). Rejects on database errors.
   */
  async append(changes: readonly ChangeWrite[]): Promise<Map<string, number>> {
    const list = lastPerRecord(changes);
    const assigned = new Map<string, number>();
    if (list.length === 0) return assigned;
    await this.lookUp(list.filter((c) => !this.seqOf.has(recordKey(c.table, c.recordId))));
    const previous = list.flatMap((c) => this.seqOf.get(recordKey(c.table, c.recordId)) ?? []);
    for (const part of chunks(previous, IN_LIST)) {
      await this.db.deleteFrom('changes').where('seq', 'in', part).execute();
    }
    // The sequencer row stays locked from here to the commit (SqlEngine.writeKeyed), so numbers
    // follow commit order (protocol rule 10); everything that needs no number is done before.
    const { value } = await this.db
      .updateTable('hub_sequencer')
      .set((eb) => ({ value: eb('value', '+', list.length) }))
      .where('id', '=', 1)
      .returning('value')
      .executeTakeFirstOrThrow();
    const first = value - list.length + 1;
    await this.engine.insertMany(
      this.db.insertInto('changes'),
      list.map((c, i) => changeValues(first + i, c)),
    );
    list.forEach((c, i) => {
      const key = recordKey(c.table, c.recordId);
      assigned.set(key, first + i);
      this.seqOf.set(key, first + i);
    });
    return assigned;
  }

  /** Reads the entries of records this transaction has not seen yet. */
  private async lookUp(keys: readonly { table: SyncedTable; recordId: string }[]): Promise<void> {
    const byTable = new Map<SyncedTable, string[]>();
    for (const k of keys) {
      const ids = byTable.get(k.table);
      if (ids) ids.push(k.recordId);
      else byTable.set(k.table, [k.recordId]);
    }
    for (const [table, ids] of byTable) {
      for (const part of chunks(ids, IN_LIST)) {
        const rows = await this.db
          .selectFrom('records')
          .select(['tbl', 'record_id', 'change_seq'])
          .where('tbl', '=', table)
          .where(this.engine.oneOf('record_id', part))
          .execute();
        this.noteRows(rows);
      }
      for (const id of ids) this.noteAbsent(recordKey(table, id));
    }
  }
}
