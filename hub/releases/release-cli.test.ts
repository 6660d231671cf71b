import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, type CliIo } from '../cli';
import { LILLE, MONS, NOW, space } from '../test-support/factories';
import { hubPut } from '../test-support/hub-writes';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { fakePackage } from '../test-support/fake-package';

describe.each(storeCases())('release commands on $name', (storeCase) => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await storeCase.create();
    dir = mkdtempSync(join(tmpdir(), 'hub-releases-'));
    const store = await db.open();
    await hubPut(
      store,
      'spaces',
      [space(), space({ id: LILLE, city: 'Lille', country: 'FR' })],
      NOW,
    );
    await store.close();
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, now: () => NOW };
    const code = await runCli(
      ['release', ...args, '--db', db.url, '--releases-dir', join(dir, 'served')],
      io,
    );
    return { code, out, err };
  };
  const pkg = (name: string, text = `package ${name}`) => {
    const path = join(dir, name);
    const bytes = text === '' ? '' : fakePackage(name, text);
    writeFileSync(path, bytes);
    return { path, sha512: createHash('sha512').update(bytes).digest('base64') };
  };
  const pkgRaw = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const audit = async () => {
    const store = await db.open();
    try {
      return (await store.operators.auditPage(undefined, 50)).reverse();
    } finally {
      await store.close();
    }
  };

  it('adds a package: checked, hashed, stored, recorded, audited, latest-linux.yml written', async () => {
    const { path, sha512 } = pkg('coffee-kiosk-1.4.0.AppImage');
    const added = await run('add', path, '--channel', 'stable');
    expect(added.code).toBe(0);
    expect(added.out).toEqual([
      `Added stable 1.4.0 (coffee-kiosk-1.4.0.AppImage, 39 bytes), 100 %.`,
      `sha512 ${sha512}`,
      'No signature (--signature or <file>.sig): Linux kiosks will refuse to install it.',
    ]);
    const stored = join(dir, 'served', 'stable', 'coffee-kiosk-1.4.0.AppImage');
    expect(readFileSync(stored)).toEqual(
      fakePackage('.AppImage', 'package coffee-kiosk-1.4.0.AppImage'),
    );
    const yml: unknown = parse(
      readFileSync(join(dir, 'served', 'stable', 'latest-linux.yml'), 'utf8'),
    );
    expect(yml).toEqual({
      version: '1.4.0',
      files: [{ url: 'coffee-kiosk-1.4.0.AppImage', sha512, size: 39 }],
      path: 'coffee-kiosk-1.4.0.AppImage',
      sha512,
      releaseDate: new Date(NOW).toISOString(),
    });
    const [entry] = await audit();
    expect(entry).toMatchObject({
      actor: 'cli',
      action: 'release.add',
      target: 'release:stable/1.4.0',
      after: { sha512, size: 39, rollout: { kind: 'percent', percent: 100 } },
    });
  });

  it('takes --version, --sha512 and a first rollout; the yml follows the newest version', async () => {
    const deb = pkg('coffee-kiosk_amd64.deb');
    const added = await run(
      'add',
      deb.path,
      '--version',
      '2.0.0-rc.1',
      '--sha512',
      deb.sha512,
      '--spaces',
      MONS,
    );
    expect(added.code, added.err.join('\n')).toBe(0);
    const older = pkg('coffee-kiosk-1.9.0.AppImage');
    expect((await run('add', older.path, '--percent', '10')).code).toBe(0);
    const yml: unknown = parse(
      readFileSync(join(dir, 'served', 'stable', 'latest-linux.yml'), 'utf8'),
    );
    expect(yml).toMatchObject({ version: '2.0.0-rc.1' });
    const list = await run('list');
    expect(list.out).toEqual([
      'CHANNEL  VERSION     FILE                         ADDED (UTC)       ROLLOUT                 PINNED',
      'stable   2.0.0-rc.1  coffee-kiosk_amd64.deb       2025-03-10 09:00  spaces co-nnexion-mons  -',
      'stable   1.9.0       coffee-kiosk-1.9.0.AppImage  2025-03-10 09:00  10 %                    -',
    ]);
  });

  it('refuses bad files and bad options, adding nothing', async () => {
    const good = pkg('coffee-kiosk-1.0.0.AppImage');
    const cases: [string[], number, string][] = [
      [['add', join(dir, 'missing-1.0.0.AppImage')], 1, 'Cannot read'],
      [['add', pkg('notes-1.0.0.txt').path], 1, 'not a .AppImage, .deb, .rpm package'],
      [['add', pkg('coffee-kiosk.AppImage').path], 1, 'give --version'],
      [['add', good.path, '--version', '1.0'], 1, 'not a version'],
      [['add', pkg('empty-1.0.0.AppImage', '').path], 1, 'is empty'],
      [
        ['add', pkgRaw('page-1.0.0.deb', '<html>Not found</html>')],
        1,
        'does not begin as a package',
      ],
      [['add', pkgRaw('elf-1.0.0.deb', '\x7fELF')], 1, 'does not begin as a package'],
      [['add', good.path, '--sha512', 'AAAA'], 1, 'not the one given'],
      [['add', good.path, '--spaces', 'nowhere'], 1, 'No space nowhere'],
      [['add', good.path, '--percent', '101'], 2, '--percent must be'],
      [['add', good.path, '--percent', '5', '--spaces', MONS], 2, 'not both'],
      [['add', good.path, '--channel', '../etc'], 2, '--channel'],
      [['add'], 2, 'needs a package file'],
      [['fly'], 2, 'Unknown command: release fly'],
    ];
    for (const [args, code, said] of cases) {
      const result = await run(...args);
      expect([args.join(' '), result.code], result.err.join('\n')).toEqual([args.join(' '), code]);
      expect(result.err.join('\n')).toContain(said);
    }
    expect((await run('list')).out).toEqual([
      'No release yet: add one with release add <file> --channel stable.',
    ]);
    expect(await audit()).toEqual([]);
  });

  it('refuses a version the channel has, and another file under a stored name', async () => {
    expect((await run('add', pkg('coffee-kiosk-1.0.0.AppImage').path)).code).toBe(0);
    const again = await run('add', pkg('coffee-kiosk-1.0.0.AppImage', 'other bytes').path);
    expect([again.code, again.err[0]]).toEqual([
      1,
      'stable already has 1.0.0 (coffee-kiosk-1.0.0.AppImage): nothing added.',
    ]);
    const clash = await run('add', join(dir, 'coffee-kiosk-1.0.0.AppImage'), '--version', '1.0.1');
    expect(clash.code).toBe(1);
    expect(clash.err[0]).toContain('Another coffee-kiosk-1.0.0.AppImage is already stored');
  });

  it('changes a rollout, pins and unpins a space, each audited', async () => {
    expect((await run('add', pkg('coffee-kiosk-1.0.0.AppImage').path)).code).toBe(0);
    const rollout = await run(
      'rollout',
      '--channel',
      'stable',
      '--version',
      '1.0.0',
      '--spaces',
      `${MONS},${LILLE}`,
    );
    expect(rollout.out).toEqual([`stable 1.0.0 now reaches spaces ${MONS},${LILLE}.`]);
    expect((await run('rollout', '--version', '9.9.9', '--percent', '5')).err[0]).toBe(
      'No release 9.9.9 on stable.',
    );
    expect((await run('rollout', '--version', '1.0.0')).code).toBe(2);
    expect((await run('pin', '--space', MONS, '--version', '1.0.0')).out).toEqual([
      `${MONS} is pinned to stable 1.0.0.`,
    ]);
    expect((await run('pin', '--space', MONS, '--version', '3.0.0')).err[0]).toBe(
      'No release 3.0.0 on stable: add it first.',
    );
    expect((await run('pin', '--space', 'nowhere', '--version', '1.0.0')).code).toBe(1);
    expect((await run('list')).out[1]).toMatch(
      /spaces co-nnexion-mons,mutualab-lille\s+co-nnexion-mons$/,
    );
    expect((await run('unpin', '--space', MONS)).out).toEqual([
      `${MONS} follows stable's rollout again.`,
    ]);
    expect((await run('unpin', '--space', MONS)).err[0]).toBe(`${MONS} is not pinned on stable.`);
    const entries = (await audit()).map((e) => [e.action, e.target, e.before, e.after]);
    expect(entries.slice(1)).toEqual([
      [
        'release.rollout',
        'release:stable/1.0.0',
        { kind: 'percent', percent: 100 },
        { kind: 'spaces', spaces: [MONS, LILLE] },
      ],
      ['release.pin', `space:${MONS}`, null, { channel: 'stable', version: '1.0.0' }],
      ['release.unpin', `space:${MONS}`, { channel: 'stable', version: '1.0.0' }, null],
    ]);
  });
});
