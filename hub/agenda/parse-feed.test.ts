import { describe, expect, it } from 'vitest';
import { expandFeed } from './expand-feed';
import { FEED_LIMITS } from './feed-lines';
import { parseFeed } from './parse-feed';
import { fixtureText, parsed, YEAR_2026 } from './testing/fixtures';

/** A feed of `events` (VEVENT bodies, one property a line), CRLF-separated as RFC 5545 writes. */
const feed = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//COFFEE Kiosk tests//EN',
    ...events.flatMap((lines) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT']),
    'END:VCALENDAR',
  ].join('\r\n');

const good = ['UID:good@coffee.test', 'DTSTART:20260610T140000Z', 'SUMMARY:Good'];

const refusal = (text: string) => {
  const result = parseFeed(text);
  if (result.ok) return expect.fail('the feed was accepted');
  expect(result.error.code).toBe('feed-malformed');
  return result.error.message;
};

describe('parseFeed refuses a malformed feed with an error naming the line', () => {
  it('a property line without its colon (ical.js names the text, we add the line)', () => {
    expect(refusal(fixtureText('malformed.ics'))).toBe(
      "line 13: Missing parameter value in 'DTSTART;TZID=Europe/Brussels;20260610T140000'",
    );
  });

  it('counts physical lines, folded ones included', () => {
    const text = feed(
      ['UID:a', 'DTSTART:20260610T140000Z', 'DESCRIPTION:a long', '  text folded', '  twice'],
      ['UID:b', 'DTSTART;X-BAD="unterminated:20260610T140000Z'],
    );
    expect(refusal(text)).toMatch(/^line 13: /);
  });

  it.each([
    [feed(['UID:x', 'SUMMARY:No start']), 'line 4: a VEVENT without DTSTART'],
    [feed(good, ['UID:x', 'DTSTART:20261345T250000']), 'line 11: DTSTART is not a valid date'],
    [feed(['UID:x', 'DTSTART:20260230T100000']), 'line 6: DTSTART is not a valid date'],
    [
      feed(['UID:x', 'DTSTART:20260610T140000Z', 'RRULE:FREQ=SECONDLY']),
      'line 7: RRULE repeats secondly',
    ],
    [feed(['UID:x', 'DTSTART:20260610T140000Z', 'RRULE:COUNT=3']), 'line 7: RRULE without FREQ'],
    [
      feed(['UID:x', 'DTSTART:20260610T140000Z', 'EXDATE:20260631T140000Z']),
      'line 7: EXDATE is not a valid date',
    ],
  ])('a bad value or a missing DTSTART (%#)', (text, start) => {
    expect(refusal(text)).toMatch(new RegExp(`^${start.replace(/[()]/g, '\\$&')}`));
  });

  it.each([
    ['BEGIN:VEVENT\r\nEND:VEVENT', 'line 1: an iCalendar feed starts with BEGIN:VCALENDAR'],
    ['', 'line 1: an iCalendar feed starts with BEGIN:VCALENDAR'],
    [feed(good).replace('\r\nEND:VCALENDAR', ''), 'line 1: BEGIN:VCALENDAR is never closed'],
    [
      feed(good).replace('\r\nEND:VEVENT', ''),
      'line 8: END:VCALENDAR closes BEGIN:VEVENT of line 4',
    ],
    [
      feed(good).replace('END:VEVENT', 'END:VTODO'),
      'line 8: END:VTODO closes BEGIN:VEVENT of line 4',
    ],
    [`${feed(good)}\r\n${feed(good)}`, 'line 10: a second VCALENDAR'],
    [`${feed(good)}\r\nSUMMARY:stray`, 'line 10: a property after END:VCALENDAR'],
  ])('components that do not nest (%#)', (text, start) => {
    expect(refusal(text).startsWith(start)).toBe(true);
  });

  it('refuses absurd input at once rather than hang', () => {
    const many = Array.from({ length: FEED_LIMITS.maxEvents + 1 }, (_, i) => [
      `UID:${i}`,
      'DTSTART:20260610T140000Z',
    ]);
    const started = performance.now();
    expect(refusal(feed(...many))).toBe(
      `line ${4 + FEED_LIMITS.maxEvents * 4}: more than ${FEED_LIMITS.maxEvents} VEVENTs`,
    );
    expect(refusal(feed([...good, `DESCRIPTION:${'x'.repeat(FEED_LIMITS.maxLineChars)}`]))).toMatch(
      /^line 8: 100012 characters, more than 100000/,
    );
    expect(refusal('x'.repeat(FEED_LIMITS.maxChars + 1))).toMatch(/characters, more than/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('parseFeed accepts what real feeds do', () => {
  it('LF line ends, a feed name, a VEVENT without UID (given a stable derived one)', () => {
    const text = feed(['DTSTART:20260610T140000Z', 'SUMMARY:No UID']).replace(
      'VERSION:2.0',
      'VERSION:2.0\r\nX-WR-CALNAME:Mutualab',
    );
    const first = parsed(text.replace(/\r\n/g, '\n'));
    expect(first.name).toBe('Mutualab');
    expect(first.eventCount).toBe(1);
    const uid = first.series[0]?.uid;
    expect(uid).toMatch(/^derived-[0-9a-f]{32}$/);
    expect(parsed(text).series[0]?.uid).toBe(uid);
  });

  it('an unknown TZID without VTIMEZONE is read as floating (the space zone)', () => {
    const text = feed(['UID:x', 'DTSTART;TZID=Mars/Olympus:20260610T140000', 'SUMMARY:Far']);
    const [occurrence] = expandFeed(parsed(text), YEAR_2026, { floatingZone: 'Europe/Paris' });
    expect(occurrence?.startsAt).toBe(Date.UTC(2026, 5, 10, 12));
    expect(occurrence?.timeZone).toBeUndefined();
  });

  it('a TZID spelled as a path ending in an IANA name (Lightning) is that zone', () => {
    const text = feed([
      'UID:x',
      'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Brussels:20260610T140000',
      'SUMMARY:Lightning',
    ]);
    const [occurrence] = expandFeed(parsed(text), YEAR_2026, { floatingZone: 'Europe/London' });
    expect(occurrence?.startsAt).toBe(Date.UTC(2026, 5, 10, 12));
    expect(occurrence?.timeZone).toBe('Europe/Brussels');
  });

  it('two masters with one UID: the higher SEQUENCE wins', () => {
    const text = feed(
      ['UID:x', 'SEQUENCE:2', 'DTSTART:20260610T140000Z', 'SUMMARY:Newer'],
      ['UID:x', 'SEQUENCE:1', 'DTSTART:20260609T140000Z', 'SUMMARY:Older'],
    );
    const occurrences = expandFeed(parsed(text), YEAR_2026, { floatingZone: 'Europe/Paris' });
    expect(occurrences.map((o) => o.title)).toEqual([{ fr: 'Newer' }]);
  });
});
