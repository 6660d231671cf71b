import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LANGS, type AgendaEvent } from '#shared/domain/types';
import { agendaPage, byStart, matchesFilter, NO_FILTER, type AgendaFilter } from './agenda-list';
import { anEvent } from './testing';

const H = 3_600_000;
const NOW = Date.UTC(2026, 2, 3, 12);
const COUNTRY: Record<string, string> = { mons: 'BE', lille: 'FR' };
const countryOf = (id: string): string | undefined => COUNTRY[id];
const ids = (events: readonly AgendaEvent[]): string[] => events.map((e) => e.id);

/** What a page must be, written the plain way: filter, order, slice. */
function expectedPage(
  events: readonly AgendaEvent[],
  q: Parameters<typeof agendaPage>[1],
): { ids: string[]; hasMore: boolean } {
  const keep = (e: AgendaEvent): boolean => matchesFilter(e, q.filter, q.countryOf);
  const running = events.filter((e) => e.startsAt < q.from && e.endsAt > q.from && keep(e));
  const starting = events.filter((e) => e.startsAt >= q.from && e.startsAt < q.until && keep(e));
  const all = [...running.sort(byStart), ...starting.sort(byStart)];
  return {
    ids: ids(all.slice(q.offset, q.offset + q.limit)),
    hasMore: all.length > q.offset + q.limit,
  };
}

describe('agendaPage', () => {
  const week = [
    anEvent({ id: 'a-run', spaceId: 'mons', startsAt: NOW - 26 * H, endsAt: NOW + 2 * H }),
    anEvent({ id: 'b-nl', spaceId: 'mons', startsAt: NOW + H, lang: 'nl' }),
    anEvent({ id: 'c-fr', spaceId: 'lille', startsAt: NOW + 2 * H, status: 'cancelled' }),
    anEvent({ id: 'd-en', spaceId: 'lille', startsAt: NOW + 25 * H, lang: 'en' }),
    anEvent({ id: 'e-fr', spaceId: 'mons', startsAt: NOW + 49 * H }),
    anEvent({ id: 'f-beyond', spaceId: 'mons', startsAt: NOW + 30 * 24 * H }),
  ];
  const page = (over: Partial<Parameters<typeof agendaPage>[1]>) =>
    agendaPage(week, {
      from: NOW,
      until: NOW + 28 * 24 * H,
      filter: NO_FILTER,
      countryOf,
      offset: 0,
      limit: 10,
      ...over,
    });

  it('lists the running event, then each start in order, cancelled ones included, up to the horizon', () => {
    const all = page({});
    expect(ids(all.events)).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
    expect(all.hasMore).toBe(false);
  });

  it('pages across the running events and the starting ones without loss or repeat', () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 2) {
      const p = page({ offset, limit: 2 });
      seen.push(...ids(p.events));
      if (!p.hasMore) break;
    }
    expect(seen).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
  });

  it('filters by space, country and language, alone and together', () => {
    const only = (filter: Partial<AgendaFilter>) =>
      ids(page({ filter: { ...NO_FILTER, ...filter } }).events);
    expect(only({ spaceId: 'mons' })).toEqual(['a-run', 'b-nl', 'e-fr']);
    expect(only({ country: 'FR' })).toEqual(['c-fr', 'd-en']);
    expect(only({ lang: 'fr' })).toEqual(['a-run', 'c-fr', 'e-fr']);
    expect(only({ country: 'BE', lang: 'fr' })).toEqual(['a-run', 'e-fr']);
    expect(only({ country: 'NL' })).toEqual([]);
  });

  it('starts a later day at its own start, with what still runs from before', () => {
    expect(ids(page({ from: NOW + 24 * H }).events)).toEqual(['d-en', 'e-fr']);
    const runningThen = page({ from: NOW + H + 30 * 60_000 });
    expect(ids(runningThen.events)).toEqual(['a-run', 'b-nl', 'c-fr', 'd-en', 'e-fr']);
  });

  it('drops a country filter for a space the kiosk does not know', () => {
    const event = anEvent({ id: 'x', spaceId: 'nowhere' });
    expect(matchesFilter(event, { ...NO_FILTER, country: 'BE' }, countryOf)).toBe(false);
    expect(matchesFilter(event, NO_FILTER, countryOf)).toBe(true);
  });

  it('is the filtered list in start order, sliced, for any events, filter, instant and page', () => {
    const anyEvent = fc.record({
      n: fc.nat(10_000),
      start: fc.integer({ min: -72, max: 96 }),
      hours: fc.integer({ min: 0, max: 80 }),
      space: fc.constantFrom('mons', 'lille', 'unknown'),
      lang: fc.constantFrom(...LANGS),
    });
    const anyFilter = fc.record({
      spaceId: fc.constantFrom(null, 'mons', 'lille'),
      country: fc.constantFrom(null, 'BE', 'FR', 'NL'),
      lang: fc.constantFrom(null, ...LANGS),
    });
    fc.assert(
      fc.property(
        fc.array(anyEvent, { maxLength: 60 }),
        anyFilter,
        fc.integer({ min: -24, max: 48 }),
        fc.integer({ min: 1, max: 72 }),
        fc.nat(30),
        fc.integer({ min: 1, max: 12 }),
        (drawn, filter, fromHour, spanHours, offset, limit) => {
          const events = drawn
            .map((d, i) =>
              anEvent({
                // Ids in another order than starts: ties on startsAt are ordered by id.
                id: `e${String(d.n)}-${String(i)}`,
                spaceId: d.space,
                lang: d.lang,
                startsAt: NOW + d.start * H,
                endsAt: NOW + (d.start + d.hours) * H,
              }),
            )
            .sort(byStart);
          const q = {
            from: NOW + fromHour * H,
            until: NOW + (fromHour + spanHours) * H,
            filter,
            countryOf,
            offset,
            limit,
          };
          const got = agendaPage(events, q);
          expect({ ids: ids(got.events), hasMore: got.hasMore }).toEqual(expectedPage(events, q));
        },
      ),
      { numRuns: 400 },
    );
  });
});
