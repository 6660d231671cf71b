import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskLog, LOG_FILE_NAME } from './kiosk-log';

/** The real electron-log file transport, writing into a temporary user-data folder. */

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function logDir(): Promise<string> {
  const userData = await mkdtemp(join(tmpdir(), 'kiosk-log-'));
  dirs.push(userData);
  return join(userData, 'logs');
}

describe('createKioskLog', () => {
  it('creates <userData>/logs/main.log, private to the kiosk user, with level and error', async () => {
    const dir = await logDir();
    const log = createKioskLog({ dir, appName: 'COFFEE Kiosk', toConsole: false });
    expect(log.file).toBe(join(dir, LOG_FILE_NAME));
    log.info('kiosk 1.2.3 starting');
    log.warn('renderer gone: crashed → reload');
    log.error('IPC handler for sync:push failed', new Error('socket hang up'));
    const lines = (await readFile(log.file, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[info\] {2}kiosk 1\.2\.3 starting$/,
    );
    expect(lines[1]).toMatch(/\[warn\] {2}renderer gone: crashed → reload$/);
    expect(lines[2]).toMatch(/\[error\] IPC handler for sync:push failed Error: socket hang up$/);
    expect(lines.slice(3).join('\n')).toContain('kiosk-log.test.ts');
    expect((await stat(log.file)).mode & 0o777).toBe(0o600);
  });

  it('rotates by size into numbered files and keeps only the newest ones', async () => {
    const dir = await logDir();
    const log = createKioskLog({
      dir,
      appName: 'COFFEE Kiosk',
      maxBytes: 300,
      keep: 2,
      toConsole: false,
    });
    for (let i = 0; i < 40; i++)
      log.info(`line ${String(i).padStart(2, '0')} of the rotation test`);
    expect((await readdir(dir)).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const texts = await Promise.all(
      ['main.2.log', 'main.1.log', 'main.log'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    const numbers = texts.map((t) => [...t.matchAll(/line (\d\d)/g)].map((m) => Number(m[1])));
    // Oldest to newest, without a gap: each rotation moved whole files one step down.
    const all = numbers.flat();
    expect(all).toEqual(all.map((_, k) => (all[0] ?? 0) + k));
    expect(all.at(-1)).toBe(39);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300 + 80);
  });
});
