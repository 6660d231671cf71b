import type { Kysely } from 'kysely';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { sql } from './kysely';
import {
  CHECK_IN_RANGE,
  knownZone,
  ORDINALS_REBUILD,
  personFirstInsert,
  spacePresenceDeletes,
  spacePresenceInserts,
  spaceZonesQuery,
  sqlText,
  zonedSpaces,
} from './migration-16-presence';
import { clearCell, ordinalsOf, setCells } from './presence-bits';
import { dayInstants, nextMonth } from './presence-calendar';
import { cellsOf, checkInsByVisitor, factsAfter, minus, type Cell } from './presence-cells';
import type { HubDatabase } from './schema';
import { personKeyOf, type RecordRow } from './store';
import type { VisitFacts } from './visit-tallies';

/**
 * Keeps migration 16's presence rows, ordinals and visitors' first visits equal to what the
 * stored rows give, inside the sync transaction (sync-tx.ts; decision 0048). A write's visits
 * are compared as cells (person, space, local day; and local month) before and after it:
 * - a cell gained sets its bit with `bits | excluded.bits`, which commutes, so no row is read;
 * - a cell lost clears its bit unless `records` (read by `person_key`, after the upsert) still
 *   holds another live visit of that person in it. That read-then-clear runs holding the
 *   sequencer row (ChangeLog.append takes it for every write that logs a change; otherwise this
 *   takes it), so no other write's cells can change in between, on PostgreSQL either.
 * A space whose zone changes (or appears, or goes) has its rows counted again from `records`.
 * A visitor whose check-ins change gets their `person_first` row counted again.
 */

/** The presence keeper of one write transaction `db`. */
export class Presence {
  /** Space → zone as stored (loaded once, then kept as this transaction writes spaces). */
  private zones: Map<string, string> | undefined;

  constructor(
    private readonly db: Kysely<HubDatabase>,
    private readonly engine: SqlEngine,
  ) {}

  private async storedZones(): Promise<Map<string, string>> {
    if (this.zones === undefined) {
      const { rows } = await sql
        .raw<Record<string, unknown>>(spaceZonesQuery(this.engine.kind))
        .execute(this.db);
      this.zones = new Map(zonedSpaces(rows).map((s): [string, string] => [s.id, s.zone]));
    }
    return this.zones;
  }

  /** Call before the upsert of `rows`: reads the zones as stored when they may change. */
  async beforeWrite(rows: readonly RecordRow[]): Promise<void> {
    if (rows.some((r) => r.table === 'spaces')) await this.storedZones();
  }

  /**
   * Call after the upsert of `rows` (one per record), with `old` the live visits they replaced
   * (tallyWrite's) and `sequenced` whether this transaction holds the sequencer row. A member or
   * visitor the write erases (the retention purge) loses their ordinal and first visit once their
   * cells are cleared: no trace of their key is left here.
   */
  async afterWrite(
    rows: readonly RecordRow[],
    old: readonly VisitFacts[],
    sequenced: boolean,
  ): Promise<void> {
    await this.applyCells(rows, old, sequenced);
    for (const r of rows) {
      if ((r.table === 'members' || r.table === 'visitors') && r.state.kind === 'erased') {
        await this.forget(personKeyOf(r.table, r.recordId));
      }
    }
  }

  private async applyCells(
    rows: readonly RecordRow[],
    old: readonly VisitFacts[],
    sequenced: boolean,
  ): Promise<void> {
    const spaces = rows.filter((r) => r.table === 'spaces');
    const now = factsAfter(rows);
    if (old.length === 0 && now.length === 0 && spaces.length === 0) return;
    const before = await this.storedZones();
    const after = new Map(before);
    for (const r of spaces) {
      const zone = r.state.kind === 'fields' ? r.state.fields['timezone']?.value : undefined;
      if (knownZone(zone)) after.set(r.recordId, zone);
      else after.delete(r.recordId);
    }
    const recount = new Set(
      spaces.map((r) => r.recordId).filter((id) => before.get(id) !== after.get(id)),
    );
    this.zones = after;
    const was = cellsOf(old, before, recount);
    const is = cellsOf(now, after, recount);
    const [oldFirst, newFirst] = [checkInsByVisitor(old), checkInsByVisitor(now)];
    const firsts = [...new Set([...oldFirst.keys(), ...newFirst.keys()])].filter(
      (k) => oldFirst.get(k) !== newFirst.get(k),
    );
    const gained = { day: minus(is.day, was.day), month: minus(is.month, was.month) };
    const lost = { day: minus(was.day, is.day), month: minus(was.month, is.month) };
    const work = gained.day.length + gained.month.length + lost.day.length + lost.month.length;
    if (work + firsts.length + recount.size === 0) return;
    // The lost cells' read-then-clear must not interleave with another write's (header).
    if (!sequenced) {
      await this.db
        .updateTable('hub_sequencer')
        .set((eb) => ({ value: eb.ref('value') }))
        .where('id', '=', 1)
        .execute();
    }
    const ordinals = await ordinalsOf(
      this.db,
      this.engine,
      [...gained.day, ...gained.month].map((c) => c.person),
      [...lost.day, ...lost.month].map((c) => c.person),
    );
    await setCells(this.db, this.engine, 'day', gained.day, ordinals);
    await setCells(this.db, this.engine, 'month', gained.month, ordinals);
    for (const c of lost.day) {
      const { fromMs, toMs } = dayInstants(c.day, c.day + 1, before.get(c.space) ?? 'UTC');
      if (!(await this.stillThere(c, fromMs, toMs))) await clearCell(this.db, 'day', c, ordinals);
    }
    for (const c of lost.month) {
      const { fromMs, toMs } = dayInstants(
        c.month,
        nextMonth(c.month),
        before.get(c.space) ?? 'UTC',
      );
      if (!(await this.stillThere(c, fromMs, toMs))) await clearCell(this.db, 'month', c, ordinals);
    }
    await this.refreshFirsts(firsts);
    for (const id of recount) await this.recount(id, after.get(id));
  }

  /** Takes every cell of `personKey`'s live visits away; call before they become tombstones. */
  async erasure(personKey: string): Promise<void> {
    const visits = await this.db
      .selectFrom('records')
      .select(['owner_space', 'check_in_at'])
      .where('person_key', '=', personKey)
      .where(this.engine.personVisits)
      .where('check_in_at', 'is not', null)
      .execute();
    const facts = visits.map((v) => ({
      space: v.owner_space,
      personKey,
      checkInAt: v.check_in_at,
      checkOutAt: null,
    }));
    const cells = cellsOf(facts, await this.storedZones(), new Set());
    const ordinals = await ordinalsOf(this.db, this.engine, [], [personKey]);
    for (const c of cells.day.values()) await clearCell(this.db, 'day', c, ordinals);
    for (const c of cells.month.values()) await clearCell(this.db, 'month', c, ordinals);
    // No bit names the person any more: their key goes too (an erasure leaves no trace here).
    await this.forget(personKey);
  }

  /**
   * Forgets `personKey`'s ordinal and first visit (erasure, retention purge, compaction; the
   * ordinal number is not reused).
   */
  async forget(personKey: string): Promise<void> {
    await this.db.deleteFrom('person_ordinals').where('person_key', '=', personKey).execute();
    await this.db.deleteFrom('person_first').where('person_key', '=', personKey).execute();
  }

  /** Whether `records` holds a live visit of the cell's person at its space in [fromMs, toMs). */
  private async stillThere(c: Cell, fromMs: number, toMs: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('records')
      .select('record_id')
      .where('person_key', '=', c.person)
      .where(this.engine.personVisits)
      .where('check_in_at', '>=', fromMs)
      .where('check_in_at', '<', toMs)
      .where('owner_space', '=', c.space)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Counts the first visits of `visitors` again from `records` (after the upsert). */
  private async refreshFirsts(visitors: readonly string[]): Promise<void> {
    for (const part of chunks(visitors, IN_LIST)) {
      const where = `person_key IN (${part.map(sqlText).join(', ')})`;
      await sql.raw(`DELETE FROM person_first WHERE ${where}`).execute(this.db);
      await sql.raw(personFirstInsert(where)).execute(this.db);
    }
  }

  /** Counts one space's presence rows again (its zone changed to `zone`, or went). */
  private async recount(spaceId: string, zone: string | undefined): Promise<void> {
    const run = (statement: string) => sql.raw(statement).execute(this.db);
    for (const s of spacePresenceDeletes(spaceId)) await run(s);
    if (zone === undefined) return;
    const { rows } = await sql
      .raw<{ low: unknown; high: unknown }>(CHECK_IN_RANGE)
      .execute(this.db);
    const range = rows[0];
    if (range === undefined || range.low === null) return;
    // Its visits' people may have no ordinal yet (a space without a zone sets no bits).
    for (const s of ORDINALS_REBUILD) await run(s);
    const inserts = spacePresenceInserts(
      { id: spaceId, zone },
      Number(range.low),
      Number(range.high),
    );
    for (const s of inserts) await run(s);
  }
}
