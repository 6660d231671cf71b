import type { Kysely } from 'kysely';
import { offsetSpans } from '#shared/time/offsets';
import { sql } from './kysely';
import { int64 as int64Of, withoutRowid, type SqlKind } from './migration-sql';
import { DAY_MS, monthStarts } from './presence-calendar';
import type { HubDatabase } from './schema';

/**
 * Migration 16 (decision 0048): who was present where, for the distinct counts, kept by the sync
 * transaction (presence.ts) and rebuilt here from the rows already stored.
 * - `person_ordinals` (person_key → member, ordinal): each person key with a live visit gets a
 *   dense ordinal in its kind's space (members 1, visitors 0), assigned once and never reused
 *   (`person_ordinal_next` holds each kind's next one).
 * - `presence_days` (space, day, member, block) and `presence_months` (space, month, member,
 *   block): `bits` has bit `ordinal % 32` of block `ordinal / 32` set when that person has a live
 *   visit checked in at that space on that local day (day number since 1970-01-01 in the space's
 *   zone) or in that local month (the day number of its 1st). Only spaces whose live record
 *   names a zone have rows.
 * - `person_first` (visitors only): the instant of their first live check-in anywhere, the space
 *   of that visit and `tied` = 1 when more than one visit has that instant (new vs returning).
 */

/** 32 persons per presence row: `bits` stays below 2^32 on both databases. */
export const BLOCK = 32;

/** `s` as an SQL string literal. */
export const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A space whose presence rows can be counted: its id and a zone Temporal knows. */
export interface ZonedSpace {
  readonly id: string;
  readonly zone: string;
}

/** JSON text at `path` of `column`, as migration 13 spells it per database. */
function json(kind: SqlKind, column: string, path: string): string {
  return kind === 'sqlite'
    ? `json_extract(${column}, '$.${path}')`
    : `(${column}::jsonb #>> '{${path.replaceAll('.', ',')}}')`;
}

/** Whether Temporal knows `zone` (a space with another zone has no presence rows). */
export function knownZone(zone: unknown): zone is string {
  if (typeof zone !== 'string') return false;
  try {
    offsetSpans(zone, 0, 1);
    return true;
  } catch {
    return false;
  }
}

/** The statement reading every live space's id and zone (`record_id`, `zone`). */
export function spaceZonesQuery(kind: SqlKind): string {
  return `SELECT record_id, ${json(kind, 'state', 'fields.timezone.value')} AS zone FROM records
    WHERE tbl = 'spaces' AND erased = 0 AND ${json(kind, 'state', 'kind')} = 'fields'
    ORDER BY record_id`;
}

/** Rows of `spaceZonesQuery` → the spaces with a known zone. */
export function zonedSpaces(rows: readonly Record<string, unknown>[]): ZonedSpace[] {
  return rows.flatMap((r) => {
    const zone = r['zone'];
    return knownZone(zone) ? [{ id: String(r['record_id']), zone }] : [];
  });
}

/** The statement reading the first and last check-in of every live visit (`low`, `high`). */
export const CHECK_IN_RANGE = `SELECT min(check_in_at) AS low, max(check_in_at) AS high
  FROM records WHERE tbl = 'visits' AND check_in_at IS NOT NULL`;

/** Gives every person key with a live visit and no ordinal the next ones of its kind. */
export const ORDINALS_REBUILD = [
  `INSERT INTO person_ordinals (person_key, member, ordinal)
    SELECT k.person_key, k.member,
      c.next_ordinal + row_number() OVER (PARTITION BY k.member ORDER BY k.person_key) - 1
    FROM (SELECT DISTINCT person_key,
        CASE WHEN person_key LIKE 'member:%' THEN 1 ELSE 0 END AS member
      FROM records WHERE tbl = 'visits' AND check_in_at IS NOT NULL
        AND (person_key LIKE 'member:%' OR person_key LIKE 'visitor:%')) k
    JOIN person_ordinal_next c ON c.member = k.member
    WHERE NOT EXISTS (SELECT 1 FROM person_ordinals o WHERE o.person_key = k.person_key)`,
  `UPDATE person_ordinal_next SET next_ordinal = coalesce((SELECT max(o.ordinal) + 1
    FROM person_ordinals o WHERE o.member = person_ordinal_next.member
      AND o.ordinal >= person_ordinal_next.next_ordinal), next_ordinal)`,
];

/**
 * `person_first` counted again for the visitors `where` selects (SQL over `records`, a condition
 * on `person_key`): delete theirs first. The first check-in, the space of the one visit at that
 * instant (`tied` 1 when several share it; min(owner_space) then means nothing).
 */
export function personFirstInsert(where: string): string {
  return `INSERT INTO person_first (person_key, first_at, first_space, tied)
    SELECT v.person_key, v.check_in_at, min(v.owner_space),
      CASE WHEN count(*) > 1 THEN 1 ELSE 0 END
    FROM records v JOIN (SELECT person_key, min(check_in_at) AS first_at FROM records
        WHERE tbl = 'visits' AND check_in_at IS NOT NULL AND ${where} GROUP BY person_key) m
      ON v.person_key = m.person_key AND v.check_in_at = m.first_at
    WHERE v.tbl = 'visits'
    GROUP BY v.person_key, v.check_in_at`;
}

/**
 * The statements that count one space's presence rows from its live visits (its rows must be
 * deleted first), with its zone's offsets over [low, high] (every check-in of the database):
 * local day = (instant + offset) / day, as indicators-scope.ts reads it; the OR of a block's bits
 * is the sum of its distinct bits, since one person is one bit.
 */
export function spacePresenceInserts(space: ZonedSpace, low: number, high: number): string[] {
  const spans = offsetSpans(space.zone, low, high + 1);
  const last = spans.at(-1)?.offsetMs ?? 0;
  const steps = spans.slice(0, -1).map((s) => `WHEN v.check_in_at < ${s.toMs} THEN ${s.offsetMs}`);
  const offset = steps.length === 0 ? `${last}` : `CASE ${steps.join(' ')} ELSE ${last} END`;
  const firstDay = Math.floor((low + (spans[0]?.offsetMs ?? 0)) / DAY_MS);
  const lastDay = Math.floor((high + last) / DAY_MS);
  const months = monthStarts(firstDay, lastDay);
  const monthCase =
    months.length <= 1
      ? `${months[0] ?? firstDay}`
      : `CASE ${months
          .slice(1)
          .map((m, i) => `WHEN y.day < ${m} THEN ${months[i]}`)
          .join(' ')} ELSE ${months.at(-1) ?? firstDay} END`;
  const cells = `SELECT v.owner_space AS space, (v.check_in_at + ${offset}) / ${DAY_MS} AS day,
      o.member AS member, o.ordinal / ${BLOCK} AS block,
      CAST(1 AS BIGINT) << CAST(o.ordinal % ${BLOCK} AS INTEGER) AS bit
    FROM records v JOIN person_ordinals o ON o.person_key = v.person_key
    WHERE v.tbl = 'visits' AND v.check_in_at IS NOT NULL AND v.owner_space = ${sqlText(space.id)}`;
  return [
    `INSERT INTO presence_days (space, day, member, block, bits)
      SELECT y.space, y.day, y.member, y.block, sum(DISTINCT y.bit) FROM (${cells}) y
      GROUP BY y.space, y.day, y.member, y.block`,
    `INSERT INTO presence_months (space, month, member, block, bits)
      SELECT z.space, z.month, z.member, z.block, sum(DISTINCT z.bit) FROM (
        SELECT y.space, ${monthCase} AS month, y.member, y.block, y.bit FROM (${cells}) y) z
      GROUP BY z.space, z.month, z.member, z.block`,
  ];
}

/** Deletes one space's presence rows. */
export const spacePresenceDeletes = (spaceId: string): string[] => [
  `DELETE FROM presence_days WHERE space = ${sqlText(spaceId)}`,
  `DELETE FROM presence_months WHERE space = ${sqlText(spaceId)}`,
];

/**
 * Everything counted again from `records`: ordinals for the keys without one, every space's
 * presence rows and every visitor's first visit (the migration's backfill, the bench seed's last
 * step, and what the tests compare the kept tables to). `query` runs one statement and gives its
 * rows; PostgreSQL's BIGINTs may come back as text.
 */
export async function rebuildPresence(
  kind: SqlKind,
  query: (statement: string) => Promise<readonly Record<string, unknown>[]>,
): Promise<void> {
  await query('DELETE FROM presence_days');
  await query('DELETE FROM presence_months');
  await query('DELETE FROM person_first');
  for (const s of ORDINALS_REBUILD) await query(s);
  await query(personFirstInsert(`person_key LIKE 'visitor:%'`));
  const [range] = await query(CHECK_IN_RANGE);
  if (range?.['low'] === null || range?.['low'] === undefined) return;
  const [low, high] = [Number(range['low']), Number(range['high'])];
  for (const space of zonedSpaces(await query(spaceZonesQuery(kind)))) {
    for (const s of spacePresenceInserts(space, low, high)) await query(s);
  }
}

/** Migration 16: the tables above, then `rebuildPresence`. */
export async function presenceTables(db: Kysely<HubDatabase>, kind: SqlKind): Promise<void> {
  const int64 = sql.raw(int64Of(kind));
  await sql`CREATE TABLE person_ordinals (person_key text PRIMARY KEY,
    member ${int64} NOT NULL, ordinal ${int64} NOT NULL)`.execute(db);
  await sql`CREATE UNIQUE INDEX person_ordinals_ordinal ON person_ordinals (member, ordinal)`.execute(
    db,
  );
  await sql`CREATE TABLE person_ordinal_next (member ${int64} PRIMARY KEY,
    next_ordinal ${int64} NOT NULL)`.execute(db);
  await sql`INSERT INTO person_ordinal_next (member, next_ordinal) VALUES (0, 0), (1, 0)`.execute(
    db,
  );
  for (const [table, period] of [
    ['presence_days', 'day'],
    ['presence_months', 'month'],
  ] as const) {
    await sql`CREATE TABLE ${sql.table(table)} (space text NOT NULL,
      ${sql.ref(period)} ${int64} NOT NULL, member ${int64} NOT NULL, block ${int64} NOT NULL,
      bits ${int64} NOT NULL,
      PRIMARY KEY (space, ${sql.ref(period)}, member, block)) ${withoutRowid(kind)}`.execute(db);
  }
  await sql`CREATE TABLE person_first (person_key text PRIMARY KEY,
    first_at ${int64} NOT NULL, first_space text, tied ${int64} NOT NULL)`.execute(db);
  await sql`CREATE INDEX person_first_at ON person_first (first_at)`.execute(db);
  await rebuildPresence(kind, async (statement) => {
    const result = await sql.raw<Record<string, unknown>>(statement).execute(db);
    return result.rows;
  });
}
