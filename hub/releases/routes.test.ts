import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LILLE, MONS, NOW, space } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { hubPut } from '../test-support/hub-writes';
import { enrolKiosk } from '../test-support/http';
import { storeCases } from '../test-support/stores';
import { runReleaseCommand } from './release-cli';
import { kioskBucket } from './select';
import { fakePackage } from '../test-support/fake-package';

/** The first kiosk ids `<prefix>-0`, `<prefix>-1`, … whose bucket passes `test`. */
const kioskWhere = (prefix: string, test: (bucket: number) => boolean) => {
  for (let i = 0; ; i++) if (test(kioskBucket(`${prefix}-${i}`))) return `${prefix}-${i}`;
};

describe.each(storeCases())('GET /v1/updates on $name', (storeCase) => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-updates-'));
  const served = join(dir, 'served');
  const f = useHubFixture(storeCase, { hub: { releasesDir: served } });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await hubPut(f.store, 'spaces', [space(), space({ id: LILLE, city: 'Lille' })], NOW);
  });

  /** Runs `release <verb> [file] [--option value]…` on the fixture's store; rejects on failure. */
  const release = async (verb: string, ...words: string[]) => {
    const file = words[0]?.startsWith('--') === false ? words.shift() : undefined;
    const options: Record<string, string> = { 'releases-dir': served };
    for (let i = 0; i + 1 < words.length; i += 2) {
      options[(words[i] ?? '').replace(/^--/, '')] = words[i + 1] ?? '';
    }
    const errors: string[] = [];
    const io = {
      out: () => undefined,
      err: (l: string) => errors.push(l),
      env: {},
      now: () => NOW,
    };
    const usage = (m: string) => errors.push(m) && 2;
    const code = await runReleaseCommand(
      f.store,
      ['release', verb, file],
      options,
      { ...io, dbUrl: f.db.url },
      usage,
    );
    if (code !== 0) throw new Error(`release ${verb}: ${errors.join('; ')}`);
  };
  const pkg = (version: string) => {
    const path = join(dir, `coffee-kiosk-${version}.AppImage`);
    writeFileSync(path, fakePackage(path, `the kiosk, version ${version}`));
    return path;
  };
  const get = (path: string, token: string | null = f.token) =>
    fetch(`${f.url}/v1/updates/${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  const versionFor = async (token: string) => {
    const res = await get('stable/latest-linux.yml', token);
    if (res.status !== 200) return `${res.status} ${((await res.json()) as { code: string }).code}`;
    return (parse(await res.text()) as { version: string }).version;
  };

  it('serves the feed and file of the release that applies, never cached', async () => {
    await release('add', pkg('1.0.0'));
    const feed = await get('stable/latest-linux.yml');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('no-store');
    expect(parse(await feed.text())).toMatchObject({
      version: '1.0.0',
      path: 'coffee-kiosk-1.0.0.AppImage',
      files: [{ url: 'coffee-kiosk-1.0.0.AppImage', size: 28 }],
    });
    const file = await get('stable/coffee-kiosk-1.0.0.AppImage');
    expect([file.status, file.headers.get('content-length')]).toEqual([200, '28']);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(
      fakePackage('.AppImage', 'the kiosk, version 1.0.0'),
    );
  });

  it('stages per space, per percentage, and pins a space back', async () => {
    const lille = await enrolKiosk(f.store, f.url, LILLE, 'lille-desk');
    await release('add', pkg('1.0.0'));
    await release('add', pkg('1.1.0'), '--spaces', LILLE);
    expect([await versionFor(f.token), await versionFor(lille)]).toEqual(['1.0.0', '1.1.0']);
    // The older version's file is not the Mons kiosk's to fetch once 1.1.0 applies to it, and
    // 1.1.0's is not yet.
    expect((await get('stable/coffee-kiosk-1.1.0.AppImage')).status).toBe(404);

    const early = await enrolKiosk(
      f.store,
      f.url,
      MONS,
      kioskWhere('mons', (b) => b < 25),
    );
    const late = await enrolKiosk(
      f.store,
      f.url,
      MONS,
      kioskWhere('mons', (b) => b >= 25),
    );
    await release('rollout', '--version', '1.1.0', '--percent', '25');
    expect([await versionFor(early), await versionFor(late)]).toEqual(['1.1.0', '1.0.0']);
    expect((await get('stable/coffee-kiosk-1.1.0.AppImage', early)).status).toBe(200);
    expect((await get('stable/coffee-kiosk-1.0.0.AppImage', early)).status).toBe(404);

    await release('rollout', '--version', '1.1.0', '--percent', '100');
    await release('pin', '--space', MONS, '--version', '1.0.0');
    expect([await versionFor(early), await versionFor(lille)]).toEqual(['1.0.0', '1.1.0']);
    await release('unpin', '--space', MONS);
    expect(await versionFor(early)).toBe('1.1.0');
  });

  it('answers 404 no-release when nothing applies, and keeps channels apart', async () => {
    expect(await versionFor(f.token)).toBe('404 no-release');
    await release('add', pkg('2.0.0'), '--channel', 'beta');
    expect(await versionFor(f.token)).toBe('404 no-release');
    expect((await get('beta/latest-linux.yml')).status).toBe(200);
    expect((await get('stable/coffee-kiosk-2.0.0.AppImage')).status).toBe(404);
  });

  it('refuses no credential, a forged one, a revoked kiosk, and bad names, with no 5xx', async () => {
    await release('add', pkg('1.0.0'));
    const codeOf = async (res: Response) => [
      res.status,
      ((await res.json()) as { code: string }).code,
    ];
    expect(await codeOf(await get('stable/latest-linux.yml', null))).toEqual([
      401,
      'credential-missing',
    ]);
    expect(await codeOf(await get('stable/latest-linux.yml', `kiosk-a.${'A'.repeat(43)}`))).toEqual(
      [401, 'credential-invalid'],
    );
    for (const path of [
      'STABLE/latest-linux.yml',
      'stable/.hidden',
      'stable/a%2Fb',
      'stable/..%2F..%2Fhub.sqlite',
    ]) {
      expect(await codeOf(await get(path)), path).toEqual([400, 'malformed']);
    }
    expect((await get(`stable/${'a'.repeat(300)}`)).status).toBeLessThan(500);
    const post = await fetch(`${f.url}/v1/updates/stable/latest-linux.yml`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    await f.store.revokeKiosk('kiosk-a', NOW);
    expect(await codeOf(await get('stable/latest-linux.yml'))).toEqual([403, 'kiosk-revoked']);
  });

  it('answers 404 and logs when a release file has gone from the disk', async () => {
    await release('add', pkg('1.0.0'));
    rmSync(join(served, 'stable', 'coffee-kiosk-1.0.0.AppImage'));
    const res = await get('stable/coffee-kiosk-1.0.0.AppImage');
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
      404,
      'release-file-missing',
    ]);
    expect(JSON.stringify(f.log.lines)).toContain('release file missing');
  });
});
