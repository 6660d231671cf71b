import { localCell } from './presence-calendar';
import type { RecordRow } from './store';
import type { VisitFacts } from './visit-tallies';

/*
 * The cells presence.ts compares (decision 0048): a person at a space on a local day, and in
 * its local month, from what a write's visits were before it and are after it.
 */

/** A person in a space on a local day (and so in its month). */
export interface Cell {
  readonly person: string;
  readonly member: number;
  readonly space: string;
  readonly day: number;
  readonly month: number;
}

export type Period = 'day' | 'month';

export const kindOf = (personKey: string): number | null =>
  personKey.startsWith('member:') ? 1 : personKey.startsWith('visitor:') ? 0 : null;

const cellKey = (c: Cell, period: Period) =>
  `${c.person}\u0000${c.space}\u0000${period === 'day' ? c.day : c.month}`;

/** The cells of `facts`, by key, for each period (a space without a zone, or in `skip`: none). */
export function cellsOf(
  facts: readonly VisitFacts[],
  zones: ReadonlyMap<string, string>,
  skip: ReadonlySet<string>,
): Record<Period, Map<string, Cell>> {
  const out = { day: new Map<string, Cell>(), month: new Map<string, Cell>() };
  for (const f of facts) {
    if (f.checkInAt === null || f.space === null || f.personKey === null) continue;
    const member = kindOf(f.personKey);
    const zone = zones.get(f.space);
    if (member === null || zone === undefined || skip.has(f.space)) continue;
    const cell = { person: f.personKey, member, space: f.space, ...localCell(f.checkInAt, zone) };
    out.day.set(cellKey(cell, 'day'), cell);
    out.month.set(cellKey(cell, 'month'), cell);
  }
  return out;
}

export const minus = (a: Map<string, Cell>, b: Map<string, Cell>) =>
  [...a].flatMap(([k, c]) => (b.has(k) ? [] : [c]));

/** Each visitor's check-ins as one text, to see whose changed. */
export function checkInsByVisitor(facts: readonly VisitFacts[]): Map<string, string> {
  const lists = new Map<string, string[]>();
  for (const f of facts) {
    if (f.personKey === null || !f.personKey.startsWith('visitor:') || f.checkInAt === null) {
      continue;
    }
    lists.set(f.personKey, [...(lists.get(f.personKey) ?? []), `${f.checkInAt}@${f.space}`]);
  }
  return new Map([...lists].map(([k, l]) => [k, l.sort().join(',')]));
}

/** The visits `rows` leave (a live visit with a check-in; anything else leaves none). */
export function factsAfter(rows: readonly RecordRow[]): VisitFacts[] {
  return rows.flatMap((r) =>
    r.table === 'visits' && r.state.kind === 'visit' && r.state.checkIn !== undefined
      ? [
          {
            space: r.ownerSpace,
            personKey: r.personKey,
            checkInAt: r.state.checkIn.checkInAt,
            checkOutAt: r.state.checkOut?.checkOutAt ?? null,
          },
        ]
      : [],
  );
}
