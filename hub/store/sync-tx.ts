import type { Kysely } from 'kysely';
import type { SyncedTable } from '#shared/domain/types';
import { loadCardHolders, replaceCardKeys } from './card-keys';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { ChangeLog } from './change-log';
import { ERASED_STATE_JSON } from './migrations';
import {
  recordValues,
  toKiosk,
  toLogEntry,
  toRecordRow,
  toVerdict,
  verdictValues,
} from './mappers';
import { Presence } from './presence';
import type { HubDatabase } from './schema';
import { recordKey, type FreshRecordRow, type RecordRow, type SyncTx, type Verdict } from './store';
import { factsOf, tallyErasure, tallyWrite, type VisitFacts } from './visit-tallies';

/** Record ids grouped by table, so each lookup is `tbl = ? AND record_id IN (…)`. */
function byTable(keys: readonly { table: SyncedTable; recordId: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of keys) {
    const ids = out.get(k.table);
    if (ids) ids.push(k.recordId);
    else out.set(k.table, [k.recordId]);
  }
  return out;
}

/** The tables whose rows may be written fresh (FreshRecordRow): the hub-owned ones. */
const FRESH_TABLES: ReadonlySet<SyncedTable> = new Set(['events']);

/** The `records` row of a fresh record whose change is numbered `seq`. */
function freshValues(f: FreshRecordRow, seq: number | undefined) {
  return {
    tbl: f.table,
    record_id: f.recordId,
    owner_space: f.ownerSpace,
    person_key: null,
    state: f.stateText,
    erased: 0,
    event_id: null,
    check_in_at: null,
    check_out_at: null,
    change_seq: seq ?? null,
  };
}

/**
 * The SyncTx of one open write transaction `db` (see SqlEngine.write). Every method rejects on
 * database errors; the caller's transaction is then rolled back.
 */
export function sqlSyncTx(db: Kysely<HubDatabase>, engine: SqlEngine): SyncTx {
  const log = new ChangeLog(db, engine);
  const presence = new Presence(db, engine);
  // The visits as stored, as this transaction read or wrote them (the tallies' "before").
  const visits = new Map<string, VisitFacts | null>();
  /** The log entries of the visit rows of `personKey` that are `erased` tombstones, as a subquery. */
  const visitTombstones = (personKey: string) =>
    db
      .selectFrom('records')
      .select('change_seq')
      .where(engine.personVisits)
      .where('person_key', '=', personKey)
      .where('erased', '=', 1);

  return {
    async loadVerdicts(ids) {
      const out = new Map<string, Verdict>();
      for (const part of chunks(ids, IN_LIST)) {
        const rows = await db
          .selectFrom('mutations')
          .selectAll()
          .where(engine.oneOf('mutation_id', part))
          .execute();
        for (const r of rows) out.set(r.mutation_id, toVerdict(r));
      }
      return out;
    },
    async loadRecords(keys) {
      const out = new Map<string, RecordRow>();
      for (const [table, ids] of byTable(keys)) {
        for (const part of chunks(ids, IN_LIST)) {
          const rows = await db
            .selectFrom('records')
            .selectAll()
            .where('tbl', '=', table)
            .where(engine.oneOf('record_id', part))
            .execute();
          log.noteRows(rows);
          for (const r of rows) {
            const row = toRecordRow(r);
            out.set(recordKey(row.table, row.recordId), row);
            if (table === 'visits') visits.set(r.record_id, r.erased === 0 ? factsOf(r) : null);
          }
          if (table === 'visits') for (const id of part) if (!visits.has(id)) visits.set(id, null);
        }
      }
      for (const k of keys) log.noteAbsent(recordKey(k.table, k.recordId));
      return out;
    },
    async write(rows, changes, fresh = []) {
      for (const f of fresh) {
        if (!FRESH_TABLES.has(f.table)) throw new Error(`No fresh row of ${f.table} is written.`);
      }
      // One row per record: PostgreSQL refuses an upsert that touches a row twice.
      const unique = new Map(rows.map((r) => [recordKey(r.table, r.recordId), r]));
      const seqs = await log.append(changes);
      // The indicators' tallies read the rows as they are before the upsert.
      const replaced = await tallyWrite(db, engine, [...unique.values()], visits);
      await presence.beforeWrite([...unique.values()]);
      const values = [...unique].map(([key, r]) => ({
        ...recordValues(r),
        change_seq: seqs.get(key) ?? null,
      }));
      for (const v of values) {
        if (v.tbl === 'visits') visits.set(v.record_id, v.erased === 0 ? factsOf(v) : null);
      }
      const freshKeys = new Set<string>();
      for (const f of fresh) {
        const key = recordKey(f.table, f.recordId);
        freshKeys.add(key);
        values.push(freshValues(f, seqs.get(key)));
      }
      await engine.insertMany(
        db.insertInto('records').onConflict((oc) =>
          oc.columns(['tbl', 'record_id']).doUpdateSet((eb) => ({
            owner_space: eb.ref('excluded.owner_space'),
            person_key: eb.ref('excluded.person_key'),
            state: eb.ref('excluded.state'),
            erased: eb.ref('excluded.erased'),
            event_id: eb.ref('excluded.event_id'),
            check_in_at: eb.ref('excluded.check_in_at'),
            check_out_at: eb.ref('excluded.check_out_at'),
            // A row written without a new entry keeps the one it has.
            change_seq: eb.fn.coalesce('excluded.change_seq', 'records.change_seq'),
          })),
        ),
        values,
      );
      // Presence (decision 0048) reads the rows as written; the sequencer row is held when
      // ChangeLog.append numbered at least one change.
      await presence.afterWrite([...unique.values()], replaced, changes.length > 0);
      // An entry re-announcing a record this write did not change (a correction, rule 5).
      for (const c of changes) {
        const key = recordKey(c.table, c.recordId);
        const seq = seqs.get(key);
        if (seq === undefined || unique.has(key) || freshKeys.has(key)) continue;
        seqs.delete(key);
        await db
          .updateTable('records')
          .set({ change_seq: seq })
          .where('tbl', '=', c.table)
          .where('record_id', '=', c.recordId)
          .execute();
      }
      await replaceCardKeys(db, engine, [...unique.values()]);
    },
    loadCardHolders: (keys) => loadCardHolders(db, engine, keys),
    async saveVerdicts(verdicts) {
      await engine.insertMany(
        db.insertInto('mutations').onConflict((oc) => oc.column('mutation_id').doNothing()),
        verdicts.map(verdictValues),
      );
    },
    async eraseVisitsOf(personKey) {
      await tallyErasure(db, engine, personKey);
      await presence.erasure(personKey);
      visits.clear();
      await db
        .updateTable('records')
        .set({
          state: ERASED_STATE_JSON,
          erased: 1,
          event_id: null,
          check_in_at: null,
          check_out_at: null,
        })
        .where(engine.personVisits)
        .where('person_key', '=', personKey)
        .execute();
      await db.deleteFrom('changes').where('seq', 'in', visitTombstones(personKey)).execute();
    },
    async loadTable(table) {
      const rows = await db.selectFrom('records').selectAll().where('tbl', '=', table).execute();
      log.noteRows(rows);
      return rows.map(toRecordRow);
    },
    async loadVisitsOf(personKey) {
      const rows = await db
        .selectFrom('records')
        .selectAll()
        .where(engine.personVisits)
        .where('person_key', '=', personKey)
        .execute();
      log.noteRows(rows);
      return rows.map(toRecordRow);
    },
    async loadKiosks() {
      const rows = await db.selectFrom('kiosks').selectAll().orderBy('kiosk_id').execute();
      return rows.map(toKiosk);
    },
    async loadErasures() {
      const rows = await db
        .selectFrom('changes')
        .select(['seq', 'tbl', 'record_id', 'scope'])
        .where('op', '=', 'erase')
        .orderBy('seq')
        .execute();
      return rows.map(toLogEntry);
    },
    async loadVisitTombstoneEntries(personKey) {
      const rows = await db
        .selectFrom('changes')
        .select(['seq', 'tbl', 'record_id', 'scope'])
        .where('seq', 'in', visitTombstones(personKey))
        .execute();
      return rows.map(toLogEntry);
    },
    async forgetPerson(table, recordId, personKey) {
      await presence.forget(personKey);
      await db.deleteFrom('changes').where('seq', 'in', visitTombstones(personKey)).execute();
      await db
        .deleteFrom('records')
        .where(engine.personVisits)
        .where('person_key', '=', personKey)
        .where('erased', '=', 1)
        .execute();
      await db
        .deleteFrom('changes')
        .where('seq', 'in', (eb) =>
          eb
            .selectFrom('records')
            .select('change_seq')
            .where('tbl', '=', table)
            .where('record_id', '=', recordId),
        )
        .execute();
      await db
        .deleteFrom('records')
        .where('tbl', '=', table)
        .where('record_id', '=', recordId)
        .where('erased', '=', 1)
        .execute();
    },
  };
}
