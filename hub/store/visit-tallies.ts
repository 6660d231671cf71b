import type { Kysely } from 'kysely';
import type { RecordState } from '#shared/sync/protocol-merge';
import { chunks, IN_LIST, type SqlEngine } from './engine';
import { sql } from './kysely';
import { HOUR_MS } from './migration-13-visit-tallies';
import type { HubDatabase } from './schema';
import { personKeyOf, type RecordRow } from './store';
import { decodeState } from './stored-state';

/**
 * Keeps the indicators' tallies (migration 13: `visit_hours`, `visit_origins`) equal to what the
 * stored rows give, inside the sync transaction that changes those rows: `sync-tx.ts` calls
 * `tallyWrite` before it upserts records and `tallyErasure` before it turns a person's visits
 * into tombstones; no other path changes a live visit or a person's origin (compaction deletes
 * tombstones only). Each call adds what the rows give after the change and subtracts what they
 * gave before, so the tallies stay exact whatever the order of calls in a transaction.
 *
 * What a live visit contributes: `records` row of `visits`, not erased, with a check-in and a
 * space. Its person's origin is read from the person's record as it is at that moment (a member's
 * home space, a visitor's country), so a member moving home moves their visits' origins.
 */

/** What a visit row gives the tallies. */
export interface VisitFacts {
  readonly space: string | null;
  readonly personKey: string | null;
  readonly checkInAt: number | null;
  readonly checkOutAt: number | null;
}

interface Origin {
  readonly origin: string;
  readonly member: number;
}

/** The origin a person's record gives (null: none), as the migration's rebuild reads it. */
export function originOf(table: string, state: RecordState): Origin | null {
  if (state.kind !== 'fields') return null;
  if (table === 'members') {
    const home = state.fields['homeSpaceId']?.value;
    return typeof home === 'string' ? { origin: home, member: 1 } : null;
  }
  const country = state.fields['country']?.value;
  // ASCII only, as SQLite's upper() in the rebuild: a country is an ISO code.
  return typeof country === 'string'
    ? { origin: `country:${country.replace(/[a-z]/g, (c) => c.toUpperCase())}`, member: 0 }
    : null;
}

/** The pending additions to both tallies of one call, summed per key. */
class Deltas {
  private readonly hours = new Map<string, { visits: number; closed: number; stayMs: number }>();
  private readonly origins = new Map<string, number>();

  add(v: VisitFacts, origin: Origin | null, sign: 1 | -1): void {
    if (v.checkInAt === null || v.space === null) return;
    const hourAt = v.checkInAt - (((v.checkInAt % HOUR_MS) + HOUR_MS) % HOUR_MS);
    const key = `${hourAt}\u0000${v.space}`;
    const h = this.hours.get(key) ?? { visits: 0, closed: 0, stayMs: 0 };
    const isClosed = v.checkOutAt !== null && v.checkOutAt >= v.checkInAt;
    h.visits += sign;
    if (isClosed) {
      h.closed += sign;
      h.stayMs += sign * (v.checkOutAt - v.checkInAt);
    }
    this.hours.set(key, h);
    if (origin === null) return;
    const okey = `${key}\u0000${origin.origin}\u0000${origin.member}`;
    this.origins.set(okey, (this.origins.get(okey) ?? 0) + sign);
  }

  async apply(db: Kysely<HubDatabase>, engine: SqlEngine): Promise<void> {
    const split = (key: string) => key.split('\u0000');
    const hours = [...this.hours].flatMap(([key, h]) => {
      const [hourAt = '', space = ''] = split(key);
      return h.visits === 0 && h.closed === 0 && h.stayMs === 0
        ? []
        : [
            {
              hour_at: Number(hourAt),
              space,
              visits: h.visits,
              closed: h.closed,
              stay_ms: h.stayMs,
            },
          ];
    });
    const origins = [...this.origins].flatMap(([key, visits]) => {
      const [hourAt = '', space = '', origin = '', member = ''] = split(key);
      return visits === 0
        ? []
        : [{ hour_at: Number(hourAt), space, origin, member: Number(member), visits }];
    });
    if (hours.length > 0) {
      await engine.insertMany(
        db.insertInto('visit_hours').onConflict((oc) =>
          oc.columns(['hour_at', 'space']).doUpdateSet({
            visits: sql`visit_hours.visits + excluded.visits`,
            closed: sql`visit_hours.closed + excluded.closed`,
            stay_ms: sql`visit_hours.stay_ms + excluded.stay_ms`,
          }),
        ),
        hours,
      );
    }
    if (origins.length > 0) {
      await engine.insertMany(
        db
          .insertInto('visit_origins')
          .onConflict((oc) =>
            oc
              .columns(['hour_at', 'space', 'origin', 'member'])
              .doUpdateSet({ visits: sql`visit_origins.visits + excluded.visits` }),
          ),
        origins,
      );
    }
  }
}

/** The stored origins of the people `keys` name (`member:…`, `visitor:…`); absent = none. */
async function storedOrigins(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  keys: ReadonlySet<string>,
): Promise<Map<string, Origin>> {
  const out = new Map<string, Origin>();
  for (const table of ['members', 'visitors'] as const) {
    const prefix = personKeyOf(table, '');
    const ids = [...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    for (const part of chunks(ids, IN_LIST)) {
      const rows = await db
        .selectFrom('records')
        .select(['record_id', 'state'])
        .where('tbl', '=', table)
        .where(engine.oneOf('record_id', part))
        .where('erased', '=', 0)
        .execute();
      for (const r of rows) {
        const origin = originOf(table, decodeState(r.state));
        if (origin !== null) out.set(personKeyOf(table, r.record_id), origin);
      }
    }
  }
  return out;
}

/** The live visits of `personKey` as stored. */
async function storedVisitsOf(db: Kysely<HubDatabase>, engine: SqlEngine, personKey: string) {
  return db
    .selectFrom('records')
    .select(['record_id', 'owner_space', 'check_in_at', 'check_out_at'])
    .where(engine.personVisits)
    .where('person_key', '=', personKey)
    .where('erased', '=', 0)
    .where('check_in_at', 'is not', null)
    .execute();
}

/** What a stored `visits` row contributes (check-in null: nothing). */
export const factsOf = (r: {
  owner_space?: string | null;
  person_key?: string | null;
  check_in_at?: number | null;
  check_out_at?: number | null;
}): VisitFacts => ({
  space: r.owner_space ?? null,
  personKey: r.person_key ?? null,
  checkInAt: r.check_in_at ?? null,
  checkOutAt: r.check_out_at ?? null,
});

/**
 * The stored visits this transaction has already read, by record id (null: no row), so a push
 * that loaded its records is not read twice; an id it lacks is read from `records`.
 */
export type StoredVisits = ReadonlyMap<string, VisitFacts | null>;

/**
 * Brings the tallies to what they will be once `rows` (one per record) are upserted; call it
 * before the upsert, in the same transaction. `stored` must hold the rows as they are now. Resolves
 * with the live visits the rows replace (what presence.ts compares). Rejects on database errors
 * (the caller's transaction then rolls back, tallies with it).
 */
export async function tallyWrite(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  rows: readonly RecordRow[],
  stored: StoredVisits,
): Promise<VisitFacts[]> {
  const visits = rows.filter((r) => r.table === 'visits');
  const people = rows.filter((r) => r.table === 'members' || r.table === 'visitors');
  if (visits.length === 0 && people.length === 0) return [];
  const old: VisitFacts[] = [];
  const unknown: string[] = [];
  for (const v of visits) {
    const facts = stored.get(v.recordId);
    if (facts === undefined) unknown.push(v.recordId);
    else if (facts !== null) old.push(facts);
  }
  for (const part of chunks(unknown, IN_LIST)) {
    // No filter on erased or check_in_at: PostgreSQL would read them from the partial visit
    // index instead of the primary key, scanning every visit (ingest at half its rate).
    const found = await db
      .selectFrom('records')
      .select(['erased', 'owner_space', 'person_key', 'check_in_at', 'check_out_at'])
      .where('tbl', '=', 'visits')
      .where(engine.oneOf('record_id', part))
      .execute();
    for (const r of found) if (r.erased === 0) old.push(factsOf(r));
  }
  const keys = new Set<string>();
  for (const v of [...old, ...visits]) if (v.personKey !== null) keys.add(v.personKey);
  for (const p of people) keys.add(personKeyOf(p.table, p.recordId));
  const before = await storedOrigins(db, engine, keys);
  const after = new Map(before);
  for (const p of people) {
    const key = personKeyOf(p.table, p.recordId);
    const origin = originOf(p.table, p.state);
    if (origin === null) after.delete(key);
    else after.set(key, origin);
  }
  const originIn = (m: Map<string, Origin>, key: string | null) =>
    key === null ? null : (m.get(key) ?? null);
  const deltas = new Deltas();
  for (const v of old) deltas.add(v, originIn(before, v.personKey), -1);
  for (const v of visits) {
    if (v.state.kind !== 'visit') continue;
    deltas.add(
      {
        space: v.ownerSpace,
        personKey: v.personKey,
        checkInAt: v.state.checkIn?.checkInAt ?? null,
        checkOutAt: v.state.checkOut?.checkOutAt ?? null,
      },
      originIn(after, v.personKey),
      1,
    );
  }
  // A person whose origin changes moves their other visits (this write's were counted above).
  const written = new Set(visits.map((v) => v.recordId));
  for (const p of people) {
    const key = personKeyOf(p.table, p.recordId);
    const [was, is] = [before.get(key), after.get(key)];
    if (was?.origin === is?.origin && was?.member === is?.member) continue;
    for (const v of await storedVisitsOf(db, engine, key)) {
      if (written.has(v.record_id)) continue;
      deltas.add(factsOf(v), was ?? null, -1);
      deltas.add(factsOf(v), is ?? null, 1);
    }
  }
  await deltas.apply(db, engine);
  return old;
}

/**
 * Takes `personKey`'s live visits out of the tallies; call it before they become tombstones, in
 * the same transaction. Rejects on database errors.
 */
export async function tallyErasure(
  db: Kysely<HubDatabase>,
  engine: SqlEngine,
  personKey: string,
): Promise<void> {
  const origin = (await storedOrigins(db, engine, new Set([personKey]))).get(personKey) ?? null;
  const deltas = new Deltas();
  for (const v of await storedVisitsOf(db, engine, personKey)) deltas.add(factsOf(v), origin, -1);
  await deltas.apply(db, engine);
}
