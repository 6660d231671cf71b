import type { AgendaEvent, Lang } from '#shared/domain/types';

/**
 * The agenda's list, made in memory from the window of stored occurrences the kiosk keeps
 * (`AgendaWindow`, docs/decisions/0063-agenda-window-in-memory.md): which events pass the filters,
 * and one page of them. Pure functions, no store: a tap on a filter or a page is answered within
 * the task that handles it.
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

/** Start order: by `startsAt`, then by id (the order of the store's `startsAt` index). */
export function byStart(a: AgendaEvent, b: AgendaEvent): number {
  return a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The index of the first of `events` (in start order) that starts at or after `at`. */
function firstStartingAt(events: readonly AgendaEvent[], at: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((events[mid]?.startsAt ?? at) < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** One page of the agenda's list. */
export interface AgendaPage {
  readonly events: readonly AgendaEvent[];
  /** True when the list goes on after this page. */
  readonly hasMore: boolean;
}

/**
 * One page of the agenda from `from` to `until` (epoch ms) through `filter`, out of `events` in
 * start order (byStart): the events already running at `from` first (by start), then those
 * starting in [from, until); the page holds at most `limit` events after the first `offset`.
 * Cancelled events are listed (the screen says so). `events` must hold every occurrence that
 * runs at `from` or starts in the range; what else it holds is ignored.
 */
export function agendaPage(
  events: readonly AgendaEvent[],
  q: {
    from: number;
    until: number;
    filter: AgendaFilter;
    countryOf: CountryOf;
    offset: number;
    limit: number;
  },
): AgendaPage {
  const wanted = q.limit + 1;
  const rows: AgendaEvent[] = [];
  let toSkip = q.offset;
  const take = (event: AgendaEvent): void => {
    if (!matchesFilter(event, q.filter, q.countryOf)) return;
    if (toSkip > 0) toSkip -= 1;
    else rows.push(event);
  };
  const first = firstStartingAt(events, q.from);
  for (let i = 0; i < first && rows.length < wanted; i += 1) {
    const event = events[i];
    if (event && event.endsAt > q.from) take(event);
  }
  for (let i = first; i < events.length && rows.length < wanted; i += 1) {
    const event = events[i];
    if (!event || event.startsAt >= q.until) break;
    take(event);
  }
  return { events: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
}
