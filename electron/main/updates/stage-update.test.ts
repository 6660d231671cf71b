import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SemVer } from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCredentialStore } from '../hub-client/credential-store';
import { MONS, startMonsHub, type MonsHub } from '../sync/testing/mons-hub';
import { electronUpdaterPort, feedUrlOf } from './electron-updater-port';
import { STAGED_DEB, STAGED_ROLLBACK, STAGED_SIGNATURE, stageDeb } from './stage-update';
import { FakeAppUpdater } from './testing/fake-app-updater';

/**
 * The kiosk's half of a Linux update (decision 0047) against the real hub process: a release
 * added with `release add … --signature`, the signature fetched with the kiosk's credential, both
 * staged in a spool folder for the root installer (tested in build/package.test.ts).
 */
let mons: MonsHub;
let credentialFile: string;
let cache: string;
let spools = 0;

beforeAll(async () => {
  mons = await startMonsHub('stage-update-');
  await mons.enrolledClient('kiosk-a');
  credentialFile = join(mons.dir, 'kiosk-a.json');
  cache = join(mons.dir, 'cache');
  await mkdir(cache);
}, 60_000);
afterAll(async () => {
  await mons.dispose();
});

/** How a .deb begins (an ar archive whose first member is debian-binary): `release add` checks it. */
const DEB_HEAD = '!<arch>\ndebian-binary   ';
const debBytes = (version: string) => `${DEB_HEAD}the kiosk, version ${version}`;

/** Writes a package `coffee-kiosk_<version>_amd64.deb` (and its signature) and adds it to the hub. */
async function release(version: string, signature?: string, ...options: string[]) {
  const deb = join(mons.dir, `coffee-kiosk_${version}_amd64.deb`);
  await writeFile(deb, debBytes(version));
  const sig = join(mons.dir, `signature-${version}`);
  if (signature !== undefined) await writeFile(sig, signature);
  await mons.hub.cli(
    'release',
    'add',
    deb,
    ...(signature === undefined ? [] : ['--signature', sig]),
    ...options,
  );
  // electron-updater's copy of the download, in its cache.
  const downloaded = join(cache, `coffee-kiosk_${version}_amd64.deb`);
  await writeFile(downloaded, debBytes(version));
  return downloaded;
}

async function newSpool(): Promise<string> {
  const spool = join(mons.dir, `spool-${String(++spools)}`);
  await mkdir(spool);
  return spool;
}

function portWith(updater: FakeAppUpdater, spool: string) {
  const credentials = fileCredentialStore(credentialFile);
  return electronUpdaterPort({
    updater: updater.asAppUpdater(),
    hubUrl: mons.hub.url,
    credentials,
    stageDeb: (update) =>
      stageDeb(
        {
          feedUrl: feedUrlOf(mons.hub.url),
          credentials,
          currentVersion: updater.currentVersion.version,
          spoolDir: spool,
        },
        update,
      ),
  });
}

// Each `release` runs the hub CLI as a process (a few seconds on the shared machine).
describe('staging a downloaded .deb for the root installer', { timeout: 120_000 }, () => {
  it('stages the .deb and the hub’s signature, no rollback marker, nothing half-written', async () => {
    const downloaded = await release('1.1.0', 'signature of 1.1.0');
    const spool = await newSpool();
    const updater = new FakeAppUpdater();
    const port = portWith(updater, spool);
    updater.download('1.1.0', downloaded);
    await port.install();
    expect(updater.installs).toEqual([]); // not electron-updater's dpkg through pkexec
    expect((await readdir(spool)).sort()).toEqual([STAGED_DEB, STAGED_SIGNATURE]);
    expect(await readFile(join(spool, STAGED_DEB), 'utf8')).toBe(debBytes('1.1.0'));
    expect(await readFile(join(spool, STAGED_SIGNATURE), 'utf8')).toBe('signature of 1.1.0');
  });

  it('marks a version older than the running one as a rollback the hub asked for (a pin)', async () => {
    const older = await release('1.0.0', 'signature of 1.0.0');
    await mons.hub.cli('release', 'pin', '--space', MONS, '--version', '1.0.0');
    const spool = await newSpool();
    const updater = new FakeAppUpdater();
    updater.currentVersion = new SemVer('1.1.0');
    const port = portWith(updater, spool);
    updater.download('1.0.0', older);
    await port.install();
    expect((await readdir(spool)).sort()).toEqual([STAGED_DEB, STAGED_ROLLBACK, STAGED_SIGNATURE]);
    expect(await readFile(join(spool, STAGED_SIGNATURE), 'utf8')).toBe('signature of 1.0.0');
    await mons.hub.cli('release', 'unpin', '--space', MONS);
  });

  it('stages nothing when the hub has no signature for the release', async () => {
    const unsigned = await release('1.2.0');
    const spool = await newSpool();
    const updater = new FakeAppUpdater();
    const port = portWith(updater, spool);
    updater.download('1.2.0', unsigned);
    await expect(port.install()).rejects.toThrow(
      'the hub has no signature for coffee-kiosk_1.2.0_amd64.deb (404 no-signature)',
    );
    expect(await readdir(spool)).toEqual([]);
  });

  it('refuses without a spool (not installed from the .deb) or a credential', async () => {
    const downloaded = join(cache, 'coffee-kiosk_1.1.0_amd64.deb');
    const update = {
      version: '1.1.0',
      downloadedFile: downloaded,
      fileName: 'coffee-kiosk_1.1.0_amd64.deb',
    };
    const base = { feedUrl: feedUrlOf(mons.hub.url), currentVersion: '1.0.0' };
    await expect(
      stageDeb(
        {
          ...base,
          credentials: fileCredentialStore(credentialFile),
          spoolDir: join(mons.dir, 'none'),
        },
        update,
      ),
    ).rejects.toThrow(/no update spool .*none: this kiosk was not installed from the \.deb/);
    const spool = await newSpool();
    await expect(
      stageDeb(
        {
          ...base,
          credentials: fileCredentialStore(join(mons.dir, 'missing.json')),
          spoolDir: spool,
        },
        update,
      ),
    ).rejects.toThrow('no credential for the hub: not enrolled');
    expect(await readdir(spool)).toEqual([]);
  });

  it('leaves an AppImage to electron-updater’s own install', async () => {
    const spool = await newSpool();
    const updater = new FakeAppUpdater();
    const port = portWith(updater, spool);
    updater.download('1.1.0');
    await port.install();
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
    expect(await readdir(spool)).toEqual([]);
  });
});
