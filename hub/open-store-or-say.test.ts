import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli';

/** A database the hub cannot open: the admin command says why, once, and exits 1 at once. */
describe('a hub command with a database it cannot open', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    now: () => Date.UTC(2026, 11, 4),
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-store-or-say-'));
    out = [];
    err = [];
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, () => string, RegExp][] = [
    ['a folder the system refuses (/proc)', () => 'sqlite:/proc/coffee-nope/hub.sqlite', /ENOENT/],
    ['a path under a file', () => `sqlite:${file('x')}/hub.sqlite`, /ENOTDIR/],
    ['a file that is not a database', () => `sqlite:${file('not a database at all')}`, /database/],
    ['sqlite: without a path', () => 'sqlite:', /needs a file path/],
    ['an unsupported kind', () => 'mysql://localhost/hub', /Unsupported database URL/],
  ];
  function file(content: string): string {
    const path = join(dir, 'plain.txt');
    writeFileSync(path, content.repeat(200));
    return path;
  }

  it.each(cases)('%s', async (_name, url, reason) => {
    const db = url();
    const code = await runCli(['kiosk', 'list', '--db', db], io);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`Cannot open the hub database ${db}: `);
    expect(err[0]).toMatch(reason);
  });
});
