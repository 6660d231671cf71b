import { describe, expect, it } from 'vitest';
import { LANGS, type AgendaEvent, type Lang, type Space } from '#shared/domain/types';
import { expandFeed } from './expand-feed';
import { renderIcs } from './render-ics';
import { occurrencesOf, parsed } from './testing/fixtures';

const SPACES = new Map<string, Space>([
  [
    'co-nnexion-mons',
    {
      id: 'co-nnexion-mons',
      name: 'Co-nnexion',
      city: 'Mons',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr'],
    },
  ],
]);

/** The fixtures' occurrences as the hub would hold them, plus the second 02:30 of 25 October. */
function agenda(): AgendaEvent[] {
  const fixtures = [
    'weekly-brussels.ics',
    'weekly-paris-no-vtimezone.ics',
    'dst-edges.ics',
    'exceptions.ics',
    'all-day.ics',
    'languages.ics',
    'outlook-romance.ics',
    'floating-and-future.ics',
  ];
  const events = fixtures.flatMap((fixture) =>
    occurrencesOf(fixture, { floatingZone: 'Europe/Brussels' }),
  );
  const records = events.map((o, i) => ({
    ...o,
    id: `occ-${i}`,
    spaceId: 'co-nnexion-mons',
    updatedAt: Date.UTC(2026, 0, 1) + i,
  }));
  records.push({
    id: 'second-0230',
    spaceId: 'co-nnexion-mons',
    uid: 'utc-feed@coffee.test',
    startsAt: Date.UTC(2026, 9, 25, 1, 30),
    endsAt: Date.UTC(2026, 9, 25, 2, 30),
    allDay: false,
    timeZone: 'Europe/Brussels',
    title: { en: 'Second 02:30' },
    status: 'tentative',
    updatedAt: 1,
  });
  return records;
}

const titleIn = (event: Pick<AgendaEvent, 'title' | 'lang'>, lang: Lang) =>
  [lang, event.lang, ...LANGS].map((l) => (l ? event.title[l] : undefined)).find(Boolean);

describe('renderIcs', () => {
  it.each(LANGS)('round-trips every occurrence through parseFeed and expandFeed (%s)', (lang) => {
    const events = agenda();
    const text = renderIcs(events, lang, SPACES);
    const back = expandFeed(
      parsed(text),
      { from: Date.UTC(2025, 0, 1), to: Date.UTC(2028, 0, 1) },
      { floatingZone: 'Europe/Brussels' },
    );
    expect(back).toHaveLength(events.length);
    const byId = new Map(back.map((o) => [o.uid, o]));
    for (const event of events) {
      const again = byId.get(event.id);
      expect(again, event.id).toBeDefined();
      expect(again?.startsAt).toBe(event.startsAt);
      expect(again?.endsAt).toBe(event.endsAt);
      expect(again?.allDay).toBe(event.allDay);
      expect(again?.startDate).toBe(event.startDate);
      expect(again?.endDate).toBe(event.endDate);
      expect(again && titleIn(again, lang)).toBe(titleIn(event, lang));
      expect(again?.status).toBe(event.status);
    }
  });

  it('has stable UIDs across languages, VTIMEZONEs for the zones used, DATE values for all-day', () => {
    const events = agenda();
    const uids = (lang: Lang) =>
      [...renderIcs(events, lang, SPACES).matchAll(/^UID:(.*)\r$/gm)].map((m) => m[1]);
    expect(uids('fr')).toEqual(events.map((e) => e.id));
    expect(uids('nl')).toEqual(uids('fr'));
    expect(uids('en')).toEqual(uids('fr'));
    const text = renderIcs(events, 'nl', SPACES);
    expect(text.match(/^TZID:.*$/gm)).toEqual(['TZID:Europe/Brussels', 'TZID:Europe/Paris']);
    expect(text).toContain('DTSTART;VALUE=DATE:20260501\r\nDTEND;VALUE=DATE:20260502\r\n');
    expect(text).toContain('DTSTART;TZID=Europe/Brussels:20260329T093000\r\n');
    // The second 02:30 CET cannot be written as a Brussels wall time: it goes in UTC.
    expect(text).toContain('DTSTART:20261025T013000Z\r\n');
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(
      true,
    );
  });

  it('writes the title in the language asked for, else the one the event is held in', () => {
    const events = agenda();
    const trilingual = events.filter((e) => e.uid === 'trilingual@coffee.test');
    const nlOnly = events.filter((e) => e.uid === 'meetup@coffee.test').slice(0, 1);
    expect(renderIcs(trilingual, 'fr', SPACES)).toContain(
      'SUMMARY;LANGUAGE=fr:Après-midi réseautage',
    );
    expect(renderIcs(nlOnly, 'fr', SPACES)).toContain('SUMMARY;LANGUAGE=nl:Meetup Switch\r\n');
    expect(renderIcs(nlOnly, 'en', SPACES)).toContain(
      'LOCATION:Switch\\, Charleroi\\, Co-nnexion\\, Mons\\, BE\r\n',
    );
    expect(renderIcs(nlOnly, 'en', SPACES)).toContain('URL:https://example.org/meetup\r\n');
  });
});
