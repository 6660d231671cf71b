// The kiosk's .deb, end to end: built over the stand-in Electron (or the real one where installed),
// inspected with dpkg-deb, installed into a throwaway Debian root, upgraded, removed and purged.
// Needs root and mmdebstrap (scripts/system-deps.sh). `npm run test:package`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile, readlink, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import semver from 'semver';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_RUNTIME_MODULES, runtimeClosure } from '../scripts/package-app-dir';
import {
  DEPENDS,
  INSTALL_DIR,
  UDEV_RULES_PATH,
  UNIT_PATH,
  UPDATE_INSTALLER_PATH,
  UPDATE_KEY_PATH,
  UPDATE_UNIT_PATHS,
} from '../scripts/package-deb';
import {
  debianRootTarball,
  hostDebianMirror,
  hostDebianSuite,
  openDebianRoot,
  type DebianRoot,
} from '../scripts/package-debian-root';
import { packageLinux, type LinuxPackage } from '../scripts/package-linux';
import { makeUpdateKey, stagedUpdateTests } from './staged-update-tests';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env['PACKAGE_TEST_CACHE'] ?? '/var/cache/coffee-kiosk-package-test';
const UNIT = 'coffee-kiosk.service';
const WANTS_LINK = `etc/systemd/system/graphical.target.wants/${UNIT}`;
const GROUPS = ['dialout', 'plugdev', 'lp', 'video'];
/** User and group databases: after a purge they must read exactly as before the install. */
const ACCOUNT_FILES = ['etc/passwd', 'etc/group', 'etc/shadow', 'etc/gshadow'];
/**
 * dpkg's and the account tools' own bookkeeping, which any install and purge touch, and /run
 * (a tmpfs on a real system), where the test's `systemd-analyze verify` keeps its state.
 */
const BOOKKEEPING = [
  /^run\//,
  /^var\/log\//,
  /^var\/lib\/dpkg\//,
  // apt's caches and list folder, made when the root installer installs through apt.
  /^var\/cache\/apt\//,
  /^var\/lib\/apt\//,
  /^var\/cache\/debconf\//,
  /^etc\/(passwd|group|shadow|gshadow|subuid|subgid)-$/,
];

let first: LinuxPackage;
let next: LinuxPackage;
let updateKey: { dir: string; privateKey: string } | undefined;
let made: DebianRoot | undefined;
let before: string[];
let accountsBefore: string[];

function debRoot(): DebianRoot {
  if (made === undefined) throw new Error('the Debian root was not made');
  return made;
}
const inRoot = (path: string): string => join(debRoot().dir, path);
const exists = (path: string): Promise<boolean> =>
  stat(inRoot(path)).then(
    () => true,
    () => false,
  );
const dpkgDeb = (...args: string[]): string => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

/** electron-builder.yml's names for the fuses, and @electron/fuses's. */
const FUSE_OPTIONS: Readonly<Record<string, FuseV1Options>> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** Reads the fuse wire back from `binary` and compares it with electron-builder.yml, fuse by fuse. */
async function expectFusesFlipped(binary: string): Promise<void> {
  const config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as {
    electronFuses: Record<string, boolean>;
  };
  expect(Object.keys(config.electronFuses).sort()).toEqual(Object.keys(FUSE_OPTIONS).sort());
  const wire = await getCurrentFuseWire(binary);
  for (const [name, on] of Object.entries(config.electronFuses)) {
    const option = FUSE_OPTIONS[name];
    if (option === undefined) throw new Error(`electron-builder.yml names an unknown fuse ${name}`);
    expect(wire[option], name).toBe(on ? FuseState.ENABLE : FuseState.DISABLE);
  }
}

function installedVersion(): string {
  return debRoot().run('dpkg-query', '-W', '-f', '${Status} ${Version}', 'coffee-kiosk');
}

function signingKey(): string {
  if (updateKey === undefined) throw new Error('no update key');
  return updateKey.privateKey;
}

beforeAll(async () => {
  updateKey = await makeUpdateKey();
  first = await packageLinux(root, undefined, signingKey());
  const tarball = await debianRootTarball({
    suite: await hostDebianSuite(),
    mirror: process.env['PACKAGE_TEST_MIRROR'] ?? (await hostDebianMirror()),
    packages: DEPENDS,
    cacheDir,
  });
  made = await openDebianRoot(tarball);
  before = made.paths();
  accountsBefore = await Promise.all(ACCOUNT_FILES.map((file) => readFile(inRoot(file), 'utf8')));
});

afterAll(async () => {
  await made?.remove();
  if (updateKey !== undefined) await rm(updateKey.dir, { recursive: true, force: true });
});

describe('the .deb as built', () => {
  it('holds the app under /opt, the link in /usr/bin, the unit and the udev rules', () => {
    const files = dpkgDeb('-c', first.deb)
      .split('\n')
      .map((line) => line.split(/\s+/).slice(5).join(' '))
      .filter((entry) => entry !== '');
    expect(files).toContain(`.${INSTALL_DIR}/coffee-kiosk`);
    expect(files).toContain(`.${INSTALL_DIR}/resources/app.asar`);
    expect(files).toContain('./usr/bin/coffee-kiosk -> /opt/coffee-kiosk/coffee-kiosk');
    expect(files).toContain(`.${UNIT_PATH}`);
    expect(files).toContain(`.${UDEV_RULES_PATH}`);
    // electron-updater's choice of its deb updater.
    expect(files).toContain(`.${INSTALL_DIR}/resources/package-type`);
    for (const path of [UPDATE_INSTALLER_PATH, UPDATE_KEY_PATH, ...UPDATE_UNIT_PATHS]) {
      expect(files).toContain(`.${path}`);
    }
    // The natives' compiled parts sit outside the archive.
    expect(
      files.some((f) =>
        f.includes('app.asar.unpacked/node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/'),
      ),
    ).toBe(true);
    expect(
      files.some(
        (f) => f.includes('app.asar.unpacked/node_modules/node-hid/') && f.endsWith('.node'),
      ),
    ).toBe(true);
  });

  it('declares its version, architecture and dependencies (cage, systemd, Electron’s libraries)', () => {
    const control = dpkgDeb('-f', first.deb);
    expect(control).toMatch(/^Package: coffee-kiosk$/m);
    expect(control).toContain(`Version: ${first.version}`);
    expect(control).toMatch(/^Architecture: (amd64|arm64)$/m);
    const depends = /^Depends: (.*)$/m.exec(control)?.[1]?.split(', ');
    expect(depends).toEqual(
      expect.arrayContaining(['cage', 'systemd', 'openssl', 'libgtk-3-0', 'libnss3', 'libgbm1']),
    );
    const info = dpkgDeb('-I', first.deb);
    for (const script of ['postinst', 'prerm', 'postrm']) expect(info).toContain(script);
  });

  it('is signed: openssl verifies <deb>.sig with the public key embedded in the package', () => {
    if (first.signature === undefined) throw new Error('built with a key but not signed');
    const key = execFileSync(
      'sh',
      ['-c', `dpkg-deb --fsys-tarfile "$0" | tar -xOf - ".$1"`, first.deb, UPDATE_KEY_PATH],
      { encoding: 'utf8' },
    );
    expect(key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const keyFile = join(dirname(first.deb), 'update-signing-key.pem');
    writeFileSync(keyFile, key);
    const verified = execFileSync(
      'openssl',
      ['dgst', '-sha256', '-verify', keyFile, '-signature', first.signature, first.deb],
      { encoding: 'utf8' },
    );
    expect(verified.trim()).toBe('Verified OK');
  });

  it('runs the app under cage on tty1 as coffee-kiosk, restarting it on failure', () => {
    const unit = execFileSync(
      'sh',
      ['-c', `dpkg-deb --fsys-tarfile "$0" | tar -xOf - ".$1"`, first.deb, UNIT_PATH],
      { encoding: 'utf8' },
    );
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/cage .*-- \/opt\/coffee-kiosk\/coffee-kiosk/m);
    expect(unit).toMatch(/^User=coffee-kiosk$/m);
    expect(unit).toMatch(/^TTYPath=\/dev\/tty1$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^WantedBy=graphical\.target$/m);
  });

  it('packs only the main process’s native dependencies, none of the hub’s or the renderer’s', async () => {
    const asar = join(first.unpackedDir, 'resources/app.asar');
    const entries = listPackage(asar, { isPack: false }).map((entry) =>
      entry.replace(/^[/\\]/, ''),
    );
    const packed = new Set(
      entries.flatMap((entry) => {
        const name = /^node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)$/.exec(entry)?.[1];
        return name === undefined ? [] : [name];
      }),
    );
    const allowed = new Set(
      (await runtimeClosure(root, NATIVE_RUNTIME_MODULES)).map((path) =>
        path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      ),
    );
    for (const name of packed) expect(allowed, `${name} in app.asar`).toContain(name);
    for (const name of NATIVE_RUNTIME_MODULES) expect(packed).toContain(name);
    for (const hubOrRenderer of [
      'fastify',
      'pg',
      'better-sqlite3',
      'dexie',
      'echarts',
      'svelte',
      'electron',
    ]) {
      expect(packed).not.toContain(hubOrRenderer);
    }
    expect(entries).toContain('dist/main/index.js');
    expect(entries).toContain('dist/renderer/index.html');
  });

  it('has the fuses of electron-builder.yml flipped in the packaged binary', async () => {
    // The stand-in ships Electron's defaults (RunAsNode on, …): read back, they must have changed.
    if (first.standIn) {
      const shipped = await getCurrentFuseWire(join(root, 'dist/stand-in-electron/electron'));
      expect(shipped[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);
    }
    await expectFusesFlipped(join(first.unpackedDir, 'coffee-kiosk'));
  });
});

describe('installed, upgraded, removed and purged in a Debian root', () => {
  it('installs: the user in its groups, its data folder, the rules, the enabled unit', async () => {
    execFileSync('cp', [first.deb, inRoot('tmp/first.deb')]);
    debRoot().run('dpkg', '-i', '/tmp/first.deb');
    expect(installedVersion()).toBe(`install ok installed ${first.version}`);

    const account = debRoot().run('getent', 'passwd', 'coffee-kiosk').trim().split(':');
    expect(Number(account[2])).toBeLessThan(1000);
    expect(account[5]).toBe('/var/lib/coffee-kiosk');
    expect(account[6]).toBe('/usr/sbin/nologin');
    const groups = debRoot().run('id', '-nG', 'coffee-kiosk').trim().split(' ');
    expect(groups).toEqual(expect.arrayContaining(['coffee-kiosk', ...GROUPS]));
    const data = await stat(inRoot('var/lib/coffee-kiosk'));
    expect(data.uid).toBe(Number(account[2]));
    expect(data.mode & 0o777).toBe(0o750);

    expect(await readFile(inRoot(UDEV_RULES_PATH), 'utf8')).toBe(
      await readFile(join(root, 'build/udev/70-coffee-kiosk-readers.rules'), 'utf8'),
    );
    expect(await readlink(inRoot(WANTS_LINK))).toMatch(
      /\/lib\/systemd\/system\/coffee-kiosk\.service$/,
    );
    expect(debRoot().attempt('systemctl', 'is-enabled', UNIT).output.trim()).toBe('enabled');
    // systemd's own check of the unit: its keys, and that cage and the app are executables.
    expect(debRoot().attempt('systemd-analyze', 'verify', UNIT_PATH)).toEqual({
      status: 0,
      output: '',
    });
    await expectFusesFlipped(inRoot(`${INSTALL_DIR}/coffee-kiosk`));
    expect(await readFile(inRoot(`${INSTALL_DIR}/resources/package-type`), 'utf8')).toBe('deb');
  });

  it('configures again without change (idempotent postinst)', async () => {
    const passwd = await readFile(inRoot('etc/passwd'), 'utf8');
    const group = await readFile(inRoot('etc/group'), 'utf8');
    debRoot().run('/var/lib/dpkg/info/coffee-kiosk.postinst', 'configure', first.version);
    expect(await readFile(inRoot('etc/passwd'), 'utf8')).toBe(passwd);
    expect(await readFile(inRoot('etc/group'), 'utf8')).toBe(group);
  });

  it('upgrades to a higher version, keeping the user and the enabled unit', async () => {
    const uid = debRoot().run('id', '-u', 'coffee-kiosk');
    const higher = semver.inc(first.version, 'patch');
    expect(higher).not.toBeNull();
    next = await packageLinux(root, higher ?? undefined, signingKey());
    execFileSync('cp', [next.deb, inRoot('tmp/next.deb')]);
    debRoot().run('dpkg', '-i', '/tmp/next.deb');
    expect(installedVersion()).toBe(`install ok installed ${next.version}`);
    expect(debRoot().run('id', '-u', 'coffee-kiosk')).toBe(uid);
    expect(debRoot().attempt('systemctl', 'is-enabled', UNIT).output.trim()).toBe('enabled');
    await expectFusesFlipped(inRoot(`${INSTALL_DIR}/coffee-kiosk`));
  });

  it('keeps an administrator’s disable across a reinstall of the same version', () => {
    const version = installedVersion().split(' ').at(-1) ?? '';
    debRoot().run('systemctl', 'disable', UNIT);
    debRoot().run('dpkg', '-i', '/tmp/next.deb');
    expect(installedVersion()).toBe(`install ok installed ${version}`);
    expect(debRoot().attempt('systemctl', 'is-enabled', UNIT).output.trim()).toBe('disabled');
    debRoot().run('systemctl', 'enable', UNIT);
  });

  stagedUpdateTests({
    debRoot,
    build: (version, rollbackFloor) => packageLinux(root, version, signingKey(), { rollbackFloor }),
    installedVersion,
    signingKey,
    older: () => next,
    newer: () => semver.inc(next.version, 'patch') ?? '',
  });

  it('removes the app, the unit, its link and the rules; keeps the user and data until purge', async () => {
    debRoot().run('dpkg', '--remove', 'coffee-kiosk');
    expect(installedVersion()).toMatch(/^deinstall ok config-files /);
    for (const gone of [
      INSTALL_DIR,
      '/usr/bin/coffee-kiosk',
      UNIT_PATH,
      UDEV_RULES_PATH,
      WANTS_LINK,
    ]) {
      expect(await exists(gone), gone).toBe(false);
    }
    expect(debRoot().attempt('getent', 'passwd', 'coffee-kiosk').status).toBe(0);
  });

  it('purges, leaving nothing behind: no file, no user, no group, no systemd state', async () => {
    debRoot().run('dpkg', '--purge', 'coffee-kiosk');
    expect(debRoot().attempt('dpkg-query', '-W', 'coffee-kiosk').status).not.toBe(0);
    const after = debRoot().paths();
    const beforeSet = new Set(before);
    const added = after.filter((path) => !beforeSet.has(path) && !path.startsWith('tmp/'));
    expect(added.filter((path) => !BOOKKEEPING.some((pattern) => pattern.test(path)))).toEqual([]);
    expect(added.filter((path) => path.includes('coffee-kiosk'))).toEqual([]);
    const accountsAfter = await Promise.all(
      ACCOUNT_FILES.map((file) => readFile(inRoot(file), 'utf8')),
    );
    expect(accountsAfter).toEqual(accountsBefore);
  });
});
