import type { SqlEngine } from './engine';
import { toRecordRow } from './mappers';
import type { RecordRow } from './store';

/**
 * What the console's people-and-places part reads (`HubStore.people`): live records of a table,
 * a person's visits, the visitors a space has seen. Writes never go through here: every change
 * goes through the push path (hub/sync/hub-writes.ts), so it is merged, logged and pulled.
 */

/** The tables the console lists whole. */
export type PeopleTable = 'spaces' | 'members' | 'visitors';

/** Reads of the people-and-places console (decision 0031). Every method rejects on database errors. */
export interface PeopleStore {
  /**
   * The live rows of `table` (neither deleted nor erased) in id order; with `ownerSpace`, only
   * those it owns (a member's home space, the space that registered a visitor).
   */
  liveRows(table: PeopleTable, ownerSpace?: string): Promise<RecordRow[]>;
  /** Every visit row naming `personKey` (`visitor:<id>`, `member:<id>`), tombstones included. */
  visitsOf(personKey: string): Promise<RecordRow[]>;
  /** The ids of the visitors with at least one visit at `spaceId`, in id order. */
  visitorsSeenAt(spaceId: string): Promise<string[]>;
}

const VISITOR_PREFIX = 'visitor:';

/** PeopleStore over either database, on the read connection. */
export function peopleStore(engine: SqlEngine): PeopleStore {
  return {
    liveRows: (table, ownerSpace) =>
      engine.read(async (db) => {
        let query = db
          .selectFrom('records')
          .selectAll()
          .where('tbl', '=', table)
          .where('erased', '=', 0);
        if (ownerSpace !== undefined) query = query.where('owner_space', '=', ownerSpace);
        const rows = await query.orderBy('record_id').execute();
        return rows.map(toRecordRow).filter((r) => r.state.kind !== 'deleted');
      }),
    visitsOf: (personKey) =>
      engine.read(async (db) => {
        const rows = await db
          .selectFrom('records')
          .selectAll()
          .where(engine.personVisits)
          .where('person_key', '=', personKey)
          .orderBy('record_id')
          .execute();
        return rows.map(toRecordRow);
      }),
    visitorsSeenAt: (spaceId) =>
      engine.read(async (db) => {
        const rows = await db
          .selectFrom('records')
          .select('person_key')
          .distinct()
          .where('tbl', '=', 'visits')
          .where('owner_space', '=', spaceId)
          .where('person_key', 'like', `${VISITOR_PREFIX}%`)
          .orderBy('person_key')
          .execute();
        return rows.flatMap((r) =>
          r.person_key === null ? [] : [r.person_key.slice(VISITOR_PREFIX.length)],
        );
      }),
  };
}
