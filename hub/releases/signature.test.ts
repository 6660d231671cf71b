import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LILLE, NOW, space } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { hubPut } from '../test-support/hub-writes';
import { enrolKiosk } from '../test-support/http';
import { storeCases } from '../test-support/stores';
import { runReleaseCommand } from './release-cli';
import { fakePackage } from '../test-support/fake-package';

/**
 * A release's detached signature (decision 0047): `release add` takes it (`--signature` or
 * `<file>.sig` beside the package) and the real hub serves it over HTTP next to the file, to the
 * kiosks the release applies to.
 */
describe.each(storeCases())('release signatures on $name', (storeCase) => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-signatures-'));
  const served = join(dir, 'served');
  const f = useHubFixture(storeCase, { hub: { releasesDir: served } });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await hubPut(f.store, 'spaces', [space(), space({ id: LILLE, city: 'Lille' })], NOW);
  });

  /** `release add FILE [--option value]…`: the exit code and what it printed. */
  const add = async (file: string, options: Record<string, string> = {}) => {
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runReleaseCommand(
      f.store,
      ['release', 'add', file],
      { 'releases-dir': served, ...options },
      {
        out: (l: string) => out.push(l),
        err: (l: string) => errors.push(l),
        env: {},
        now: () => NOW,
        dbUrl: f.db.url,
      },
      (m: string) => errors.push(m) && 2,
    );
    return { code, out: out.join('\n'), err: errors.join('\n') };
  };
  const deb = (version: string, signature?: Buffer) => {
    const path = join(dir, `coffee-kiosk_${version}_amd64.deb`);
    writeFileSync(path, fakePackage(path, `the kiosk, version ${version}`));
    rmSync(`${path}.sig`, { force: true });
    if (signature !== undefined) writeFileSync(`${path}.sig`, signature);
    rmSync(join(served, 'stable'), { recursive: true, force: true });
    return path;
  };
  const get = (path: string, token: string | null = f.token) =>
    fetch(`${f.url}/v1/updates/stable/${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  const codeOf = async (res: Response) => [
    res.status,
    ((await res.json()) as { code: string }).code,
  ];

  it('stores <file>.sig found beside the package and serves it next to the file', async () => {
    const signature = Buffer.from([0x30, 0x45, 0x02, 0x21, 0x00, 0xff, 0x7f]);
    const added = await add(deb('1.0.0', signature));
    expect(added.code).toBe(0);
    expect(added.out).toContain('Signature coffee-kiosk_1.0.0_amd64.deb.sig served beside it.');
    const res = await get('coffee-kiosk_1.0.0_amd64.deb.sig');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(signature);
    expect(await codeOf(await get('coffee-kiosk_1.0.0_amd64.deb.sig', null))).toEqual([
      401,
      'credential-missing',
    ]);
  });

  it('takes --signature FILE, and serves a release’s signature only to the kiosks it applies to', async () => {
    const lille = await enrolKiosk(f.store, f.url, LILLE, 'lille-desk');
    const given = join(dir, 'elsewhere.sig');
    writeFileSync(given, 'signature of 1.1.0');
    expect((await add(deb('1.0.0', Buffer.from('signature of 1.0.0')))).code).toBe(0);
    writeFileSync(
      join(dir, 'coffee-kiosk_1.1.0_amd64.deb'),
      fakePackage('.deb', 'the kiosk, version 1.1.0'),
    );
    const added = await add(join(dir, 'coffee-kiosk_1.1.0_amd64.deb'), {
      signature: given,
      spaces: LILLE,
    });
    expect(added.code).toBe(0);
    const lilleSig = await get('coffee-kiosk_1.1.0_amd64.deb.sig', lille);
    expect(await lilleSig.text()).toBe('signature of 1.1.0');
    // The Mons kiosk is still on 1.0.0: 1.1.0's signature is not its to fetch.
    expect((await get('coffee-kiosk_1.1.0_amd64.deb.sig')).status).toBe(404);
    expect(await (await get('coffee-kiosk_1.0.0_amd64.deb.sig')).text()).toBe('signature of 1.0.0');
  });

  it('adds an unsigned release with a warning and answers 404 no-signature for it', async () => {
    const added = await add(deb('1.0.0'));
    expect(added.code).toBe(0);
    expect(added.out).toContain('No signature');
    expect(await codeOf(await get('coffee-kiosk_1.0.0_amd64.deb.sig'))).toEqual([
      404,
      'no-signature',
    ]);
    expect((await get('coffee-kiosk_1.0.0_amd64.deb')).status).toBe(200);
  });

  it('refuses a missing, empty or oversized signature, adding nothing', async () => {
    const file = deb('1.0.0');
    const cases: [Record<string, string>, RegExp][] = [
      [{ signature: join(dir, 'missing.sig') }, /Cannot read .*missing\.sig/],
      [{ signature: dir }, /is not a file/],
    ];
    writeFileSync(join(dir, 'empty.sig'), '');
    cases.push([{ signature: join(dir, 'empty.sig') }, /is not a signature \(0 bytes/]);
    writeFileSync(`${file}.sig`, Buffer.alloc(1025));
    cases.push([{}, /is not a signature \(1025 bytes/]);
    for (const [options, message] of cases) {
      const added = await add(file, options);
      expect([added.code, added.err], JSON.stringify(options)).toEqual([
        1,
        expect.stringMatching(message),
      ]);
    }
    expect(await f.store.releases.list('stable')).toEqual([]);
    expect(await readdir(served).catch(() => [])).toEqual([]);
  });
});
