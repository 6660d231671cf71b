import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '#hub/cli';
import { checkLines } from './check-lines';
import { occurrencesOf } from './testing/fixtures';

const fixturePath = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The CLI's environment: a hub whose feeds may be on its own network, as the tests' are. */
let env: Record<string, string> = { HUB_FEEDS_ALLOW_PRIVATE: '1' };

async function hub(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    now: () => Date.UTC(2026, 2, 1),
  });
  return { code, out, err: err.join('\n') };
}

describe('checkLines', () => {
  it('one JSON line per occurrence: UTC instants, or the local dates of an all-day event', () => {
    const [timed] = checkLines(occurrencesOf('weekly-brussels.ics')).slice(2);
    expect(timed).toBe(
      '{"uid":"weekly-brussels@coffee.test","recurrenceId":"2026-03-29T07:30:00Z","start":"2026-03-29T07:30:00Z","end":"2026-03-29T09:00:00Z","allDay":false,"title":"Café des indépendants","status":"confirmed"}',
    );
    expect(checkLines(occurrencesOf('all-day.ics')).map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        uid: 'labour-day@coffee.test',
        recurrenceId: null,
        start: '2026-05-01',
        end: '2026-05-02',
        allDay: true,
        title: 'Fête du travail : espace fermé',
        status: 'confirmed',
      },
      {
        uid: 'hackathon@coffee.test',
        recurrenceId: null,
        start: '2026-10-24',
        end: '2026-10-26',
        allDay: true,
        title: 'Weekend hackathon',
        status: 'confirmed',
      },
    ]);
  });

  it('the title is in the language the event is held in', () => {
    const lines = checkLines(occurrencesOf('languages.ics')).map(
      (l) => JSON.parse(l) as { title: string },
    );
    expect(lines[0]?.title).toBe('Netwerkmiddag');
  });
});

describe('npm run hub -- feeds check', () => {
  it('prints the occurrences of a file overlapping the dates, read in the zone, --to included', async () => {
    const { code, out } = await hub(
      'feeds',
      'check',
      fixturePath('dst-edges.ics'),
      '--from',
      '2026-03-29',
      '--to',
      '2026-03-29',
    );
    expect(code).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as { uid: string; start: string }).start)).toEqual([
      '2026-03-29T01:30:00Z',
      '2026-03-29T01:30:00Z',
    ]);
  });

  it('defaults to one month back and twelve ahead of today', async () => {
    const { code, out } = await hub('feeds', 'check', fixturePath('monthly-31.ics'));
    expect(code).toBe(0);
    // Today is 1 March 2026: 31 January is inside the month back.
    expect(out).toHaveLength(7);
  });

  it('a malformed feed: exit 1 and the line named; nothing on stdout', async () => {
    const { code, out, err } = await hub('feeds', 'check', fixturePath('malformed.ics'));
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toContain('malformed.ics is not a valid iCalendar feed: line 13:');
  });

  it.each([
    [['--from', '2026-02-30'], '--from must be a date, YYYY-MM-DD (got 2026-02-30)'],
    [['--from', '2026-05-01', '--to', '2026-04-01'], '--to is before --from'],
    [['--zone', 'Mars/Olympus'], '--zone must be an IANA time zone'],
    [['--lang', 'de'], '--lang must be one of fr, nl, en'],
    [['--colour', 'red'], "Unknown option '--colour'"],
  ])('bad usage exits 2 and says which option (%#)', async (options, message) => {
    const { code, err } = await hub('feeds', 'check', fixturePath('all-day.ics'), ...options);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('an unreadable file or an unreachable URL: exit 1 with the reason', async () => {
    const missing = await hub('feeds', 'check', '/nonexistent/feed.ics');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^Cannot read \/nonexistent\/feed\.ics: ENOENT/);
    // The CLI fetches a URL through the feeds fetcher (hub/agenda/fetch-feed.ts); fetch refuses
    // port 9 (the Fetch standard's bad ports), so this never reaches the network.
    const url = await hub('feeds', 'check', 'http://127.0.0.1:9/feed.ics');
    expect(url.code).toBe(1);
    expect(url.err).toBe(
      'Cannot read http://127.0.0.1:9/feed.ics: Cannot fetch http://127.0.0.1:9/feed.ics: bad port.',
    );
    const none = await hub('feeds', 'check');
    expect(none.code).toBe(2);
  });

  it('refuses a feed on a private or local address unless HUB_FEEDS_ALLOW_PRIVATE=1', async () => {
    env = {};
    try {
      for (const url of [
        'http://127.0.0.1:9/feed.ics',
        'http://[::1]/feed.ics',
        'http://[::ffff:127.0.0.1]/feed.ics',
        'http://169.254.169.254/latest/meta-data',
        'http://10.1.2.3/feed.ics',
        'http://localhost/feed.ics',
      ]) {
        const refused = await hub('feeds', 'check', url);
        expect(refused.code, url).toBe(1);
        expect(refused.err, url).toContain('is a private or local address');
      }
    } finally {
      env = { HUB_FEEDS_ALLOW_PRIVATE: '1' };
    }
  });
});
