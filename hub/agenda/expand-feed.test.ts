import { describe, expect, it } from 'vitest';
import { AgendaEventSchema } from '#shared/sync/protocol-records';
import { intlWall } from '#shared/time/test-support';
import { expandFeed, type FeedOccurrence } from './expand-feed';
import { fixtureText, iso, occurrencesOf, parsed, YEAR_2026 } from './testing/fixtures';

const startsOf = (occurrences: readonly FeedOccurrence[]) =>
  occurrences.map((o) => iso(o.startsAt));
const wallTimes = (occurrences: readonly FeedOccurrence[], zone: string) => [
  ...new Set(occurrences.map((o) => intlWall(o.startsAt, zone).time)),
];

describe('expandFeed: a weekly 09:30 event stays at 09:30 local across the 2026 changes', () => {
  it.each([
    ['weekly-brussels.ics', 'Europe/Brussels', 35],
    ['weekly-paris-no-vtimezone.ics', 'Europe/Paris', 34],
  ])('%s', (fixture, zone, count) => {
    const occurrences = occurrencesOf(fixture);
    expect(occurrences).toHaveLength(count);
    expect(wallTimes(occurrences, zone)).toEqual(['09:30:00']);
    const starts = startsOf(occurrences);
    expect(starts).toContain('2026-03-22T08:30:00Z'); // CET, the Sunday before
    expect(starts).toContain('2026-03-29T07:30:00Z'); // CEST, the day the clocks go forward
    expect(starts).toContain('2026-10-18T07:30:00Z');
    expect(starts).toContain('2026-10-25T08:30:00Z'); // CET again, the day they go back
    expect(occurrences.every((o) => o.timeZone === zone)).toBe(true);
    expect(occurrences.every((o) => o.endsAt - o.startsAt === 90 * 60_000)).toBe(true);
  });

  it('reads a TZID the feed never defines from the IANA database, and an EXDATE given in UTC removes its instance', () => {
    const starts = startsOf(occurrencesOf('weekly-paris-no-vtimezone.ics'));
    expect(starts).toContain('2026-03-29T07:30:00Z');
    expect(starts).not.toContain('2026-04-05T07:30:00Z');
    expect(starts).toContain('2026-04-12T07:30:00Z');
  });
});

describe('expandFeed: wall times the clocks skip or repeat resolve as RFC 5545 §3.3.5 says', () => {
  const byUid = new Map(occurrencesOf('dst-edges.ics').map((o) => [o.uid, o]));
  it.each(['brussels', 'paris'])(
    '02:30 on 29 March in %s (the gap) takes the offset before it: 01:30Z, i.e. 03:30 CEST',
    (city) => {
      const gap = byUid.get(`gap-${city}@coffee.test`);
      expect(gap && iso(gap.startsAt)).toBe('2026-03-29T01:30:00Z');
    },
  );
  it.each(['brussels', 'paris'])(
    '02:30 on 25 October in %s (the overlap) is the first instance: 00:30Z, i.e. 02:30 CEST',
    (city) => {
      const overlap = byUid.get(`overlap-${city}@coffee.test`);
      expect(overlap && iso(overlap.startsAt)).toBe('2026-10-25T00:30:00Z');
      expect(overlap && iso(overlap.endsAt)).toBe(
        city === 'brussels' ? '2026-10-25T02:30:00Z' : '2026-10-25T01:30:00Z',
      );
    },
  );

  it("resolves Outlook's own VTIMEZONE (Romance Standard Time) the same way, weekly 09:30 included", () => {
    const occurrences = occurrencesOf('outlook-romance.ics');
    const nights = occurrences.filter(
      (o) => o.uid.endsWith('outlook-gap') || o.uid.endsWith('overlap'),
    );
    expect(startsOf(nights)).toEqual(['2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z']);
    const weekly = occurrences.filter((o) => o.uid.endsWith('outlook-weekly'));
    expect(weekly).toHaveLength(36);
    expect(wallTimes(weekly, 'Europe/Brussels')).toEqual(['09:30:00']);
    // Not an IANA name: the instants are right, the kiosk shows them in the space's zone.
    expect(weekly[0]?.timeZone).toBeUndefined();
    expect(weekly[0]?.description).toEqual({ fr: 'Bring your receipts & invoices.' });
  });
});

describe('expandFeed: rules and their exceptions', () => {
  it('a monthly rule on day 31 skips the months without one', () => {
    const occurrences = occurrencesOf('monthly-31.ics');
    expect(occurrences.map((o) => intlWall(o.startsAt, 'Europe/Paris').date)).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
      '2026-07-31',
      '2026-08-31',
      '2026-10-31',
      '2026-12-31',
    ]);
    expect(wallTimes(occurrences, 'Europe/Paris')).toEqual(['18:00:00']);
  });

  const meetups = occurrencesOf('exceptions.ics').filter((o) => o.uid === 'meetup@coffee.test');
  const at = (recurrenceId: string) => meetups.find((o) => o.recurrenceId === recurrenceId);

  it('RDATE adds an occurrence, EXDATE removes one', () => {
    expect(at('2026-04-16T16:00:00Z')?.startsAt).toBe(Date.UTC(2026, 3, 16, 16));
    expect(at('2026-04-14T16:00:00Z')).toBeUndefined();
    expect(meetups.map((o) => o.recurrenceId)).toEqual([
      '2026-04-07T16:00:00Z',
      '2026-04-16T16:00:00Z',
      '2026-04-21T16:00:00Z',
      '2026-04-28T16:00:00Z',
      '2026-05-05T16:00:00Z',
      '2026-05-12T16:00:00Z',
    ]);
  });

  it('RECURRENCE-ID moves one occurrence and changes its title; the others keep the series title', () => {
    const moved = at('2026-04-21T16:00:00Z');
    expect(moved && iso(moved.startsAt)).toBe('2026-04-22T17:00:00Z');
    expect(moved && iso(moved.endsAt)).toBe('2026-04-22T19:00:00Z');
    expect(moved?.title).toEqual({ nl: 'Meetup Switch (verplaatst)' });
    expect(at('2026-04-28T16:00:00Z')?.title).toEqual({ nl: 'Meetup Switch' });
    expect(at('2026-04-28T16:00:00Z')?.location).toBe('Switch, Charleroi');
  });

  it('a cancelled instance stays, marked cancelled; so does a cancelled event', () => {
    expect(at('2026-05-05T16:00:00Z')?.status).toBe('cancelled');
    expect(meetups.filter((o) => o.status === 'cancelled')).toHaveLength(1);
    const calledOff = occurrencesOf('exceptions.ics').find(
      (o) => o.uid === 'called-off@coffee.test',
    );
    expect(calledOff?.status).toBe('cancelled');
    expect(calledOff?.recurrenceId).toBeUndefined();
  });

  it('a THISANDFUTURE override shifts and retitles the occurrences from its own on (ical.js)', () => {
    const series = occurrencesOf('floating-and-future.ics').filter(
      (o) => o.uid === 'series-changes@coffee.test',
    );
    expect(series.map((o) => [intlWall(o.startsAt, 'Europe/Brussels').time, o.title.en])).toEqual([
      ['09:00:00', 'Stand-up'],
      ['09:00:00', 'Stand-up'],
      ['10:30:00', 'Stand-up (later)'],
      ['10:30:00', 'Stand-up (later)'],
      ['10:30:00', 'Stand-up (later)'],
      ['10:30:00', 'Stand-up (later)'],
    ]);
  });
});

describe('expandFeed: all-day and floating times', () => {
  it.each(['Europe/Brussels', 'Europe/Paris'])(
    'an all-day event spans its local dates, from midnight in the space zone (%s)',
    (floatingZone) => {
      const [labourDay, hackathon] = occurrencesOf('all-day.ics', { floatingZone });
      expect(labourDay).toMatchObject({
        allDay: true,
        startDate: '2026-05-01',
        endDate: '2026-05-02',
      });
      expect(labourDay && intlWall(labourDay.startsAt, floatingZone)).toMatchObject({
        date: '2026-05-01',
        time: '00:00:00',
      });
      expect(labourDay && intlWall(labourDay.endsAt, floatingZone).date).toBe('2026-05-02');
      expect(labourDay?.timeZone).toBeUndefined();
      // Across the October change: 49 hours of two local days.
      expect(hackathon).toMatchObject({ startDate: '2026-10-24', endDate: '2026-10-26' });
      expect(hackathon && hackathon.endsAt - hackathon.startsAt).toBe(49 * 3_600_000);
    },
  );

  it('a floating time is read in the space zone and has no zone of its own', () => {
    const feed = parsed(fixtureText('floating-and-future.ics'));
    const window = YEAR_2026;
    const paris = expandFeed(feed, window, { floatingZone: 'Europe/Paris' })[0];
    const london = expandFeed(feed, window, { floatingZone: 'Europe/London' })[0];
    expect(paris && iso(paris.startsAt)).toBe('2026-07-01T07:30:00Z');
    expect(london && iso(london.startsAt)).toBe('2026-07-01T08:30:00Z');
    expect(paris?.timeZone).toBeUndefined();
  });
});

describe('expandFeed: the window', () => {
  it('keeps the occurrences that overlap it, ordered by start', () => {
    const feed = parsed(fixtureText('weekly-brussels.ics'));
    // 10:00 Brussels on 29 March is inside that day's 09:30–11:00 occurrence.
    const from = Date.UTC(2026, 2, 29, 8);
    const to = Date.UTC(2026, 3, 12, 7, 30); // the start of the 12 April one: excluded
    const occurrences = expandFeed(feed, { from, to }, { floatingZone: 'Europe/Brussels' });
    expect(startsOf(occurrences)).toEqual(['2026-03-29T07:30:00Z', '2026-04-05T07:30:00Z']);
  });

  it('gives records the shared schema accepts once the hub adds id, space and time', () => {
    for (const fixture of [
      'weekly-brussels.ics',
      'exceptions.ics',
      'all-day.ics',
      'languages.ics',
      'outlook-romance.ics',
      'floating-and-future.ics',
    ]) {
      for (const occurrence of occurrencesOf(fixture)) {
        const record = { ...occurrence, id: 'occ-1', spaceId: 'space-1', updatedAt: 1 };
        expect(AgendaEventSchema.safeParse(record).success, `${fixture} ${occurrence.uid}`).toBe(
          true,
        );
      }
    }
  });
});
