import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import { enrolmentKeys } from '#shared/card/card-id';
import type { AgendaEvent, Member, Visit, Visitor } from '#shared/domain/types';
import { searchIndexKeys, searchTokens } from '#shared/visitor/search';

/**
 * Index-only fields the kiosk derives from synced records, so searches and card bindings are index
 * probes instead of scans:
 * - `visitors.searchKeys`, `members.searchKeys`: shared/visitor/search index keys of names (and a
 *   visitor's email);
 * - `visits.boundCardKeys`: every key of the card bound to an OPEN visitor visit (its `cardId`),
 *   absent once the visit is closed, which is what frees the card;
 * - `events.dayKeys`: the UTC days an occurrence overlaps (eventDayKeys), so the agenda finds an
 *   event that began days before the day it shows, at any length, by one index probe.
 *
 * They are written by a DBCore middleware on every put/add (local changes, sync pulls, upgrades)
 * and stripped from every value read, so no code ever sees them, spreads them into an outbox
 * record, or pushes them to the hub (whose schemas are strict). They exist only in IndexedDB.
 */
export const DERIVED_FIELDS = {
  visitors: 'searchKeys',
  members: 'searchKeys',
  visits: 'boundCardKeys',
  events: 'dayKeys',
} as const;
/** A table with a derived index field. */
export type DerivedTable = keyof typeof DERIVED_FIELDS;

function isDerivedTable(name: string): name is DerivedTable {
  return name in DERIVED_FIELDS;
}

/** The search index keys of a visitor: first and last names and email. */
export function visitorSearchKeys(v: Pick<Visitor, 'firstName' | 'lastName' | 'email'>): string[] {
  return searchIndexKeys(searchTokens(v.firstName, v.lastName, v.email));
}

/** The search index keys of a member: the display name. */
export function memberSearchKeys(m: Pick<Member, 'displayName'>): string[] {
  return searchIndexKeys(searchTokens(m.displayName));
}

/** The keys a visit's bound card is found under; [] unless it is an open visitor visit with a card. */
export function boundCardKeys(v: Pick<Visit, 'personKind' | 'cardId' | 'checkOutAt'>): string[] {
  if (v.personKind !== 'visitor' || v.cardId === undefined || v.checkOutAt !== undefined) return [];
  return enrolmentKeys(v.cardId);
}

const DAY_MS = 86_400_000;
/** Most day keys one occurrence gets: an event longer than this is found on its first year only. */
export const MAX_EVENT_DAY_KEYS = 400;

/** The UTC day number (days since 1970-01-01 UTC) of instant `at`. */
export function utcDayOf(at: number): number {
  return Math.floor(at / DAY_MS);
}

/**
 * The UTC days an occurrence overlaps, as day numbers (utcDayOf): from its start's day to the day of
 * its last millisecond, at most MAX_EVENT_DAY_KEYS; [] when its times are not numbers.
 */
export function eventDayKeys(e: Pick<AgendaEvent, 'startsAt' | 'endsAt'>): number[] {
  if (!Number.isFinite(e.startsAt) || !Number.isFinite(e.endsAt)) return [];
  const first = utcDayOf(e.startsAt);
  const last = Math.max(first, utcDayOf(Math.max(e.startsAt, e.endsAt - 1)));
  const count = Math.min(last - first + 1, MAX_EVENT_DAY_KEYS);
  return Array.from({ length: count }, (_, i) => first + i);
}

function derivedKeys(table: DerivedTable, row: Record<string, unknown>): (string | number)[] {
  switch (table) {
    case 'visitors':
      return visitorSearchKeys(row as unknown as Visitor);
    case 'members':
      return memberSearchKeys(row as unknown as Member);
    case 'visits':
      return boundCardKeys(row as unknown as Visit);
    case 'events':
      return eventDayKeys(row as unknown as AgendaEvent);
  }
}

/** `value` with its table's derived field recomputed; non-objects pass through. */
export function withDerived(table: DerivedTable, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const row = value as Record<string, unknown>;
  const keys = derivedKeys(table, row);
  const rest = { ...row };
  // The old keys may be stale (the names or the check-out changed): always recompute.
  Reflect.deleteProperty(rest, DERIVED_FIELDS[table]);
  // An empty multiEntry array indexes nothing; leaving the field out says the same, more cheaply.
  return keys.length === 0 ? rest : { ...rest, [DERIVED_FIELDS[table]]: keys };
}

function stripped(table: DerivedTable, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const field = DERIVED_FIELDS[table];
  if (!(field in value)) return value;
  const rest = { ...(value as Record<string, unknown>) };
  Reflect.deleteProperty(rest, field);
  return rest;
}

function wrapTable(name: DerivedTable, table: DBCoreTable): DBCoreTable {
  const strip = (v: unknown): unknown => stripped(name, v);
  return {
    ...table,
    mutate(req) {
      if (req.type === 'add' || req.type === 'put') {
        return table.mutate({ ...req, values: req.values.map((v) => withDerived(name, v)) });
      }
      return table.mutate(req);
    },
    async get(req) {
      return strip(await table.get(req));
    },
    async getMany(req) {
      return (await table.getMany(req)).map(strip);
    },
    async query(req) {
      const res = await table.query(req);
      return req.values ? { ...res, result: res.result.map(strip) } : res;
    },
    async openCursor(req) {
      const cursor = await table.openCursor(req);
      if (cursor === null || !req.values) return cursor;
      // Dexie's own middlewares wrap cursors this way: the prototype keeps every method working.
      return Object.create(cursor, {
        value: {
          get: () => strip(cursor.value),
        },
      }) as DBCoreCursor;
    },
  };
}

/** The DBCore middleware that keeps DERIVED_FIELDS written and hidden; KioskDb installs it. */
export const derivedIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'derivedIndex',
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        return isDerivedTable(name) ? wrapTable(name, table) : table;
      },
    };
  },
};
