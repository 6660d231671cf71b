import { Dexie, type Collection, type InsertType } from 'dexie';
import type { AgendaEvent, Lang } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { utcDayOf } from '../db/derived-index';

/**
 * The agenda's reads of the local store (docs/decisions/0024-agenda-screen.md). Every one is an
 * index range that stops once it has enough rows: the `startsAt` or `[spaceId+startsAt]` index for
 * what starts in a range, and the derived `dayKeys` index for what already runs at an instant
 * (an occurrence that began days before). Rejects only when IndexedDB does.
 */

/** Which events a list shows; null in a field means "any". */
export interface AgendaFilter {
  /** Only this space's events. */
  readonly spaceId: string | null;
  /** Only events of spaces in this country (ISO 3166-1 alpha-2). */
  readonly country: string | null;
  /** Only events held in this language. */
  readonly lang: Lang | null;
}

/** The filter that shows every event of the network. */
export const NO_FILTER: AgendaFilter = { spaceId: null, country: null, lang: null };

/** A space's country, for the country filter; undefined for a space the kiosk does not know. */
export type CountryOf = (spaceId: string) => string | undefined;

/** True when `event` passes `filter` (a country filter drops events of unknown spaces). */
export function matchesFilter(
  event: AgendaEvent,
  filter: AgendaFilter,
  countryOf: CountryOf,
): boolean {
  return (
    (filter.spaceId === null || event.spaceId === filter.spaceId) &&
    (filter.lang === null || event.lang === filter.lang) &&
    (filter.country === null || countryOf(event.spaceId) === filter.country)
  );
}

function byStart(a: AgendaEvent, b: AgendaEvent): number {
  return a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The events running at `at` (started before or at it, ending after it) that pass `keep`, by start. */
async function runningAt(
  db: KioskDb,
  at: number,
  keep: (e: AgendaEvent) => boolean,
  startedBefore: (e: AgendaEvent) => boolean,
): Promise<AgendaEvent[]> {
  const running = await db.events
    .where('dayKeys')
    .equals(utcDayOf(at))
    .filter((e) => startedBefore(e) && e.endsAt > at && keep(e))
    .toArray();
  return running.sort(byStart);
}

/**
 * The events that start in [from, until) in start order (until null: no end), of one space when
 * `spaceId` is set.
 */
function startingIn(
  db: KioskDb,
  from: number,
  until: number | null,
  spaceId: string | null,
): Collection<AgendaEvent, string, InsertType<AgendaEvent, 'id'>> {
  if (spaceId === null) {
    return until === null
      ? db.events.where('startsAt').aboveOrEqual(from)
      : db.events.where('startsAt').between(from, until, true, false);
  }
  return db.events
    .where('[spaceId+startsAt]')
    .between([spaceId, from], [spaceId, until ?? Dexie.maxKey], true, until === null);
}

/**
 * The next `limit` events at `now` that are not cancelled — those running now first, then those
 * starting after, in start order — of the space `spaceId`, or of the whole network when null.
 */
export async function upcomingEvents(
  db: KioskDb,
  at: { now: number; limit: number; spaceId: string | null },
): Promise<AgendaEvent[]> {
  const keep = (e: AgendaEvent): boolean =>
    e.status !== 'cancelled' && (at.spaceId === null || e.spaceId === at.spaceId);
  const running = await runningAt(db, at.now, keep, (e) => e.startsAt <= at.now);
  if (running.length >= at.limit) return running.slice(0, at.limit);
  const next = await startingIn(db, at.now + 1, null, at.spaceId)
    .filter(keep)
    .limit(at.limit - running.length)
    .toArray();
  return [...running, ...next];
}

/** One page of the agenda's list. */
export interface AgendaPage {
  readonly events: readonly AgendaEvent[];
  /** True when the list goes on after this page. */
  readonly hasMore: boolean;
}

/**
 * One page of the agenda from `from` to `until` (epoch ms) through `filter`: the events already
 * running at `from` first (by start), then those starting in [from, until) in start order; the
 * page holds at most `limit` events after the first `offset`. Cancelled events are listed (the
 * screen says so).
 */
export async function agendaPage(
  db: KioskDb,
  q: {
    from: number;
    until: number;
    filter: AgendaFilter;
    countryOf: CountryOf;
    offset: number;
    limit: number;
  },
): Promise<AgendaPage> {
  // One read transaction for both ranges: each IndexedDB transaction costs a round trip to the
  // browser's storage process, and this is on the path from a tap to the list's paint.
  return db.transaction('r', db.events, async () => {
    const keep = (e: AgendaEvent): boolean => matchesFilter(e, q.filter, q.countryOf);
    const running = await runningAt(db, q.from, keep, (e) => e.startsAt < q.from);
    const fromRunning = running.slice(q.offset, q.offset + q.limit + 1);
    const wanted = q.limit + 1 - fromRunning.length;
    const starting =
      wanted <= 0
        ? []
        : await startingIn(db, q.from, q.until, q.filter.spaceId)
            .filter(keep)
            .offset(Math.max(0, q.offset - running.length))
            .limit(wanted)
            .toArray();
    const rows = [...fromRunning, ...starting];
    return { events: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
  });
}
