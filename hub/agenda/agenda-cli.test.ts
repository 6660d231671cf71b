import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../cli';
import { startFeedServer, type FeedServer } from '../test-support/feed-server';
import { icsFeed } from '../test-support/ics';
import { storeCases, type TestDatabase } from '../test-support/stores';

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const SPACES =
  'id,name,city,country,timezone,languages\nco-nnexion-mons,Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n';
const FEED = icsFeed([
  { uid: 'atelier@t', start: '20260310T180000', end: '20260310T200000', summary: 'Atelier' },
  {
    uid: 'cafe@t',
    start: '20260312T093000',
    end: '20260312T110000',
    rrule: 'FREQ=WEEKLY;COUNT=3',
    summary: 'Café\u001b[31m rouge',
  },
]);

describe.each(storeCases())('the agenda CLI on $name', (storeCase) => {
  let db: TestDatabase;
  let server: FeedServer;
  let dir: string;
  let out: string[];
  let err: string[];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HUB_FEEDS_ALLOW_PRIVATE: '1' }, // its feeds are served on 127.0.0.1
    now: () => T0,
  };
  const cli = async (...args: string[]) => {
    out = [];
    err = [];
    const code = await runCli([...args, '--db', db.url], io);
    if (typeof code !== 'number') throw new Error('the CLI served');
    return code;
  };
  /** The CLI with space-separated words (none of which holds a space). */
  const cliLine = (words: string) => cli(...words.split(' '));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeEach(async () => {
    db = await storeCase.create();
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'agenda-cli-'));
    server.route('/agenda.ics', { body: FEED, headers: { etag: '"1"' } });
    expect(await cli('spaces', 'import', file('spaces.csv', SPACES))).toBe(0);
  });
  afterEach(async () => {
    await server.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists, imports and removes feeds, naming every failure', async () => {
    expect(await cliLine('feeds list')).toBe(0);
    expect(out).toEqual([
      'No feed yet: add one with feeds add --space <spaceId> <url>, or feeds upload.',
    ]);
    expect(await cliLine('feeds add --space co-nnexion-mons file:///etc/passwd')).toBe(1);
    expect(err).toEqual(['file: URLs are refused: a feed is fetched over http or https only.']);
    expect(await cliLine('feeds add --space co-nnexion-mons --lang de https://x')).toBe(2);
    expect(err[0]).toMatch(/^--lang must be fr, nl or en\./);

    const url = `${server.url}/agenda.ics`;
    expect(await cli('feeds', 'add', '--space', 'co-nnexion-mons', '--lang', 'fr', url)).toBe(0);
    const id = /^Added feed (feed-[0-9a-f]{8}) for co-nnexion-mons: /.exec(out[0] ?? '')?.[1];
    expect(id).toBeDefined();
    expect(await cliLine('feeds import-now')).toBe(0);
    expect(out).toEqual([`${id} (co-nnexion-mons): 4 imported, 0 changed, 0 removed, 0 unchanged`]);

    server.route('/agenda.ics', { status: 404 });
    expect(await cli('feeds', 'import-now', id ?? '')).toBe(1);
    expect(out).toEqual([`${id} (co-nnexion-mons): failed: HTTP 404 Not Found from ${url}.`]);
    expect(await cliLine('feeds list')).toBe(0);
    expect(out[0]).toMatch(/^FEED +SPACE +URL +LAST OK \(UTC\) +LAST ERROR$/);
    expect(out[1]).toContain(`2026-03-01 09:00  2026-03-01 09:00: HTTP 404 Not Found from ${url}.`);
    expect(await cliLine('feeds import-now feed-nope')).toBe(1);
    expect(err).toEqual(['No feed feed-nope.']);

    expect(await cliLine('events list --from 2026-03-01 --to 2026-03-13')).toBe(0);
    expect(out).toEqual([
      expect.stringMatching(/^START +SPACE +STATUS +UID +TITLE$/),
      expect.stringMatching(
        /^2026-03-10 18:00 Europe\/Brussels +co-nnexion-mons +confirmed +atelier@t +fr: Atelier$/,
      ),
      expect.stringMatching(/cafe@t 2026-03-12T08:30:00Z +fr: Café \[31m rouge$/),
    ]);

    expect(await cli('feeds', 'remove', id ?? '')).toBe(0);
    expect(out).toEqual([`Removed feed ${id}; 4 events deleted on the kiosks.`]);
    expect(await cliLine('events list')).toBe(0);
    expect(out).toEqual(['No event in that period.']);
  });

  it('checks a feed at a URL through the feeds fetcher, storing nothing', async () => {
    const url = `${server.url}/agenda.ics`;
    // No --db: feeds check opens no database.
    const check = async (...args: string[]) => {
      out = [];
      err = [];
      return runCli(['feeds', 'check', url, ...args], io);
    };
    expect(await check('--from', '2026-03-01', '--to', '2026-03-12')).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as { uid: string }).uid)).toEqual(['atelier@t', 'cafe@t']);
    server.route('/agenda.ics', { status: 500 });
    expect(await check()).toBe(1);
    expect(err.join('\n')).toContain(`HTTP 500 Internal Server Error from ${url}.`);
    expect(await cliLine('feeds list')).toBe(0);
    expect(out[0]).toMatch(/^No feed yet/);
  });

  it('uploads a file, and refuses a malformed one by its line', async () => {
    const good = file('agenda.ics', FEED);
    expect(await cli('feeds', 'upload', '--space', 'co-nnexion-mons', good)).toBe(0);
    expect(out).toEqual([
      expect.stringMatching(/^feed-[0-9a-f]{8} \(co-nnexion-mons\): 4 imported, 0 changed/),
    ]);
    const bad = file('bad.ics', FEED.replace('SUMMARY:Atelier', 'SUMMARY Secret-words'));
    expect(await cli('feeds', 'upload', '--space', 'co-nnexion-mons', bad)).toBe(1);
    expect(err[0]).toMatch(new RegExp(`^Cannot import ${bad}: line \\d+`));
    expect(await cli('feeds', 'upload', '--space', 'co-nnexion-mons', join(dir, 'none.ics'))).toBe(
      1,
    );
    expect(err[0]).toMatch(new RegExp(`^Cannot read ${join(dir, 'none.ics')}: ENOENT`));
    expect(await cli('feeds', 'upload', file('x.ics', FEED))).toBe(2);
    expect(err[0]).toMatch(/^feeds upload needs --space <spaceId> \(or --feed <feedId>\)/);
  });

  it('adds, edits, translates and cancels events made at the hub, and translates a feed event', async () => {
    const add = [
      'events',
      'add',
      '--space',
      'co-nnexion-mons',
      '--title-fr',
      'Apéro',
      '--title-en',
      'Drinks',
      '--start',
      '2026-12-10T18:00',
      '--end',
      '2026-12-10T20:00',
      '--url',
      'https://example.org/apero',
    ];
    expect(await cli(...add)).toBe(0);
    const uid = out[0] ?? '';
    expect(uid).toMatch(/@coffee-hub$/);
    expect(await cli('events', 'edit', uid, '--end', '2026-12-10T21:00', '--url', '')).toBe(0);
    expect(await cli('events', 'translate', uid, '--lang', 'nl', '--title', 'Borrel')).toBe(0);
    expect(out).toEqual([`Translated ${uid} (nl): 1 occurrence(s) rewritten.`]);
    expect(await cli('events', 'cancel', uid)).toBe(0);
    expect(await cliLine('events list --from 2026-12-01')).toBe(0);
    expect(out[1]).toMatch(
      new RegExp(
        `^2026-12-10 18:00 Europe/Brussels +co-nnexion-mons +cancelled +${uid.replace('.', '\\.')} +fr: Apéro \\| nl: Borrel \\| en: Drinks$`,
      ),
    );

    expect(
      await cliLine(
        'events add --space co-nnexion-mons --title-fr X --start 2026-12-10T18:00 --end 2026-12-10T17:00',
      ),
    ).toBe(1);
    expect(err).toEqual(['Nothing added: The end (2026-12-10T17:00) must come after the start.']);
    expect(
      await cliLine('events add --space co-nnexion-mons --start 2026-12-10 --end 2026-12-11'),
    ).toBe(1);
    expect(err[0]).toMatch(/^Nothing added: An event needs a title/);
    expect(
      await cliLine(
        'events add --space co-nnexion-mons --title-fr Y --start 2026-12-10 --end 2026-12-11 --url javascript:alert(1)',
      ),
    ).toBe(1);
    expect(err).toEqual(['Nothing added: The event is not valid.\n  url: http or https only']);

    expect(await cli('feeds', 'upload', '--space', 'co-nnexion-mons', file('a.ics', FEED))).toBe(0);
    expect(await cliLine('events edit cafe@t --title-fr Autre')).toBe(1);
    expect(err[0]).toMatch(
      /^Nothing changed: Event cafe@t comes from feed feed-[0-9a-f]{8}: change it in the feed/,
    );
    expect(await cliLine('events translate cafe@t --lang en --title Coffee')).toBe(0);
    expect(out).toEqual(['Translated cafe@t (en): 3 occurrence(s) rewritten.']);
    expect(await cliLine('events cancel cafe@t --occurrence 2026-03-19T08:30:00Z')).toBe(0);
    expect(out).toEqual(['Cancelled 1 occurrence(s) of cafe@t.']);
    expect(await cliLine('events cancel cafe@t --occurrence 2026-03-20T08:30:00Z')).toBe(1);
    expect(err[0]).toMatch(
      /^Event cafe@t has no occurrence 2026-03-20T08:30:00Z\. Its occurrences: /,
    );
    expect(await cliLine('events translate nope@t --lang en --title x')).toBe(1);
    expect(err).toEqual(['No event nope@t on this hub.']);
  });
});
