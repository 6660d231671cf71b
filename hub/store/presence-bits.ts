import type { Kysely } from 'kysely';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { sql } from './kysely';
import { BLOCK } from './migration-16-presence';
import { kindOf, type Cell, type Period } from './presence-cells';
import type { HubDatabase } from './schema';

/*
 * The presence rows' writes for presence.ts (decision 0048), inside its write transaction `db`:
 * person ordinals, and each cell's bit (its person's ordinal) set or cleared in `presence_days` /
 * `presence_months`.
 */

/** The ordinals of `needed` (assigned when missing) and of `known` (absent when none). */
export async function ordinalsOf(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  needed: readonly string[],
  known: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const keys = [...new Set([...needed, ...known])];
  for (const part of chunks(keys, IN_LIST)) {
    const rows = await db
      .selectFrom('person_ordinals')
      .select(['person_key', 'ordinal'])
      .where(engine.oneOf('person_key', part))
      .execute();
    for (const r of rows) out.set(r.person_key, r.ordinal);
  }
  for (const member of [0, 1]) {
    const missing = [...new Set(needed)].filter((k) => !out.has(k) && kindOf(k) === member);
    if (missing.length === 0) continue;
    const { next_ordinal: next } = await db
      .updateTable('person_ordinal_next')
      .set((eb) => ({ next_ordinal: eb('next_ordinal', '+', missing.length) }))
      .where('member', '=', member)
      .returning('next_ordinal')
      .executeTakeFirstOrThrow();
    const first = next - missing.length;
    const rows = missing.map((k, i) => ({ person_key: k, member, ordinal: first + i }));
    await engine.insertMany(db.insertInto('person_ordinals'), rows);
    for (const r of rows) out.set(r.person_key, r.ordinal);
  }
  return out;
}

/** Sets the bits of `cells` (OR: commutes with every other write's). */
export async function setCells(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  period: Period,
  cells: readonly Cell[],
  ordinals: Map<string, number>,
): Promise<void> {
  const rows = new Map<
    string,
    { space: string; at: number; member: number; block: number; bits: number }
  >();
  for (const c of cells) {
    const ordinal = ordinals.get(c.person);
    if (ordinal === undefined) continue;
    const at = period === 'day' ? c.day : c.month;
    const block = Math.floor(ordinal / BLOCK);
    const key = `${c.space}\u0000${at}\u0000${c.member}\u0000${block}`;
    const row = rows.get(key) ?? { space: c.space, at, member: c.member, block, bits: 0 };
    row.bits = (row.bits | (2 ** (ordinal % BLOCK))) >>> 0;
    rows.set(key, row);
  }
  if (rows.size === 0) return;
  const values = [...rows.values()];
  if (period === 'day') {
    await engine.insertMany(
      db.insertInto('presence_days').onConflict((oc) =>
        oc
          .columns(['space', 'day', 'member', 'block'])
          .doUpdateSet({ bits: sql`presence_days.bits | excluded.bits` })
          // A bit already set writes nothing.
          .where(sql<boolean>`(presence_days.bits | excluded.bits) <> presence_days.bits`),
      ),
      values.map(({ at, ...r }) => ({ ...r, day: at })),
    );
  } else {
    await engine.insertMany(
      db.insertInto('presence_months').onConflict((oc) =>
        oc
          .columns(['space', 'month', 'member', 'block'])
          .doUpdateSet({ bits: sql`presence_months.bits | excluded.bits` })
          // A bit already set writes nothing.
          .where(sql<boolean>`(presence_months.bits | excluded.bits) <> presence_months.bits`),
      ),
      values.map(({ at, ...r }) => ({ ...r, month: at })),
    );
  }
}

/** Clears the cell's bit; a row left without bits is deleted. */
export async function clearCell(
  db: Kysely<HubDatabase>,
  period: Period,
  c: Cell,
  ordinals: Map<string, number>,
): Promise<void> {
  const ordinal = ordinals.get(c.person);
  if (ordinal === undefined) return;
  const keep = 0xffffffff - 2 ** (ordinal % BLOCK);
  const block = Math.floor(ordinal / BLOCK);
  const table = period === 'day' ? 'presence_days' : 'presence_months';
  const at = period === 'day' ? c.day : c.month;
  const key = sql`space = ${c.space} AND ${sql.ref(period)} = ${sql.lit(at)}
    AND member = ${sql.lit(c.member)} AND block = ${sql.lit(block)}`;
  await sql`UPDATE ${sql.table(table)} SET bits = bits & ${sql.lit(keep)} WHERE ${key}`.execute(db);
  await sql`DELETE FROM ${sql.table(table)} WHERE ${key} AND bits = 0`.execute(db);
}
