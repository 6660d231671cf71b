import { describe, expect, it } from 'vitest';
import type { AgendaEvent } from '../domain/types';
import { eventsOnNow, titleFor } from './event-window';

const MIN = 60_000;
const T = Date.UTC(2026, 2, 10, 17, 0);

function event(id: string, over: Partial<AgendaEvent> = {}): AgendaEvent {
  return {
    id,
    spaceId: 'mons',
    uid: `${id}@x`,
    startsAt: T,
    endsAt: T + 120 * MIN,
    allDay: false,
    title: { fr: id },
    status: 'confirmed',
    updatedAt: 0,
    ...over,
  };
}

describe('eventsOnNow', () => {
  const on = (now: number, events: AgendaEvent[]) =>
    eventsOnNow(events, 'mons', now, 30 * MIN).map((e) => e.id);

  it('counts from the check-in window before the start until the end, exclusive', () => {
    const e = [event('a')];
    expect(on(T - 30 * MIN - 1, e)).toEqual([]);
    expect(on(T - 30 * MIN, e)).toEqual(['a']);
    expect(on(T + 119 * MIN, e)).toEqual(['a']);
    expect(on(T + 120 * MIN, e)).toEqual([]);
  });

  it('leaves out cancelled occurrences and other spaces, and orders by start then id', () => {
    const events = [
      event('late', { startsAt: T + 10 * MIN }),
      event('b'),
      event('a'),
      event('off', { status: 'cancelled' }),
      event('lille', { spaceId: 'lille' }),
      event('tentative', { status: 'tentative', startsAt: T + 20 * MIN }),
    ];
    expect(on(T, events)).toEqual(['a', 'b', 'late', 'tentative']);
  });
});

describe('titleFor', () => {
  it("prefers the reader, then the event's language, then fr, nl, en", () => {
    expect(titleFor({ fr: 'Atelier', en: 'Workshop' }, 'en')).toEqual({
      text: 'Workshop',
      lang: 'en',
    });
    expect(titleFor({ fr: 'Atelier', en: 'Workshop' }, 'nl', 'en')).toEqual({
      text: 'Workshop',
      lang: 'en',
    });
    expect(titleFor({ nl: 'Werkplaats', en: 'Workshop' }, 'fr')).toEqual({
      text: 'Werkplaats',
      lang: 'nl',
    });
  });
});
