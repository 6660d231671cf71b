import { readAttendance } from './attendance';
import { agendaStore } from './agenda';
import { loadCardHolders } from './card-keys';
import type { SqlEngine } from './engine';
import { fleetStore } from './fleet';
import { kioskLogStore } from './kiosk-logs';
import { indicatorsStore } from './indicators';
import { kioskStore } from './kiosks';
import { toRecordRow } from './mappers';
import { migrate } from './migrations';
import { peopleStore } from './people';
import { operatorStore } from './operators';
import { releaseStore } from './releases';
import { readPage } from './pull-page';
import type { HubStore } from './store';
import { sqlSyncTx } from './sync-tx';

/**
 * The hub's store over either database: migrates `engine`'s database under its migration lock,
 * then serves HubStore with one set of statements (Kysely). Rejects when the migration fails
 * (the engine is then closed).
 */
export async function openSqlStore(engine: SqlEngine): Promise<HubStore> {
  let epoch: string;
  try {
    await engine.migration((db) => migrate(db, engine.kind));
    ({ value: epoch } = await engine.reader
      .selectFrom('hub_meta')
      .select('value')
      .where('key', '=', 'epoch')
      .executeTakeFirstOrThrow());
  } catch (e) {
    await engine.close();
    throw e;
  }
  return {
    kind: engine.kind,
    epoch,
    syncTransaction: (fn, keys) =>
      keys === undefined
        ? engine.write((db) => fn(sqlSyncTx(db, engine)))
        : engine.writeKeyed(keys, (db) => fn(sqlSyncTx(db, engine))),
    pull: (cursor, limit, spaceId, origin) =>
      engine.read((db) => readPage(db, cursor, limit, spaceId, origin)),
    async readRecord(table, recordId) {
      const r = await engine.reader
        .selectFrom('records')
        .selectAll()
        .where('tbl', '=', table)
        .where('record_id', '=', recordId)
        .executeTakeFirst();
      return r ? toRecordRow(r) : undefined;
    },
    async liveRecordIds(table) {
      const rows = await engine.reader
        .selectFrom('records')
        .selectAll()
        .where('tbl', '=', table)
        .where('erased', '=', 0)
        .orderBy('record_id')
        .execute();
      return rows.map(toRecordRow).flatMap((r) => (r.state.kind === 'deleted' ? [] : [r.recordId]));
    },
    cardHolders: (keys) => loadCardHolders(engine.reader, engine, keys),
    stats: () =>
      engine.read(async (db) => {
        const count = async (table: 'records' | 'changes' | 'mutations') =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const { value: head } = await db
          .selectFrom('hub_sequencer')
          .select('value')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow();
        return {
          records: await count('records'),
          changes: await count('changes'),
          verdicts: await count('mutations'),
          head,
        };
      }),
    attendance: (range) => engine.read((db) => readAttendance(db, engine.kind, range)),
    ...kioskStore(engine),
    agenda: agendaStore(engine),
    people: peopleStore(engine),
    operators: operatorStore(engine),
    fleet: fleetStore(engine),
    kioskLogs: kioskLogStore(engine),
    indicators: indicatorsStore(engine),
    releases: releaseStore(engine),
    close: () => engine.close(),
  };
}
