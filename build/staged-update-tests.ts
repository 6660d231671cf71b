// The root installer of staged updates (build/deb/install-staged-update, decision 0047), tested
// in the package test's Debian root: registered by build/package.test.ts between the upgrade and
// the removal, while a signed coffee-kiosk is installed. systemd is not running in the root: the
// service's ExecStart script is run directly, as root, as coffee-kiosk-update.service would.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  chown,
  lstat,
  symlink,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { UPDATE_INSTALLER_PATH, UPDATE_KEY_PATH, UPDATE_UNIT_PATHS } from '../scripts/package-deb';
import { ROLLBACK_FLOOR_PATH } from '../scripts/package-rollback-floor';
import { signFile } from '../scripts/package-sign';
import type { DebianRoot } from '../scripts/package-debian-root';
import type { LinuxPackage } from '../scripts/package-linux';

const SPOOL = 'var/lib/coffee-kiosk/updates';
const REJECTED = 'var/lib/coffee-kiosk-updater/rejected';

export interface StagedUpdateContext {
  readonly debRoot: () => DebianRoot;
  /** Builds a package signed with the test's key (package-linux.ts), with a rollback floor. */
  readonly build: (version: string, rollbackFloor?: string) => Promise<LinuxPackage>;
  readonly installedVersion: () => string;
  /** The private key file the packages are signed with. */
  readonly signingKey: () => string;
  /** A signed package older than `newer`, already installed once. */
  readonly older: () => LinuxPackage;
  /** A version higher than any built before. */
  readonly newer: () => string;
}

/** Signs `file` into `<file>.sig` with the private key in `keyFile`. */
async function signWith(file: string, keyFile: string): Promise<string> {
  return signFile(file, createPrivateKey(await readFile(keyFile)));
}

/** A temporary EC key pair in PEM files: the network's update key. */
export async function makeUpdateKey(): Promise<{ dir: string; privateKey: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-update-key-'));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const path = join(dir, 'update-signing.key');
  await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { dir, privateKey: path };
}

export function stagedUpdateTests(ctx: StagedUpdateContext): void {
  const inRoot = (path: string): string => join(ctx.debRoot().dir, path);
  let newer: LinuxPackage;

  /** Stages a package as the kiosk does: signature (and rollback marker) first, the .deb last. */
  async function stage(deb: string, signature: string, rollback = false): Promise<void> {
    const uid = Number(ctx.debRoot().run('id', '-u', 'coffee-kiosk'));
    const put = async (from: string, name: string) => {
      await copyFile(from, inRoot(`${SPOOL}/${name}`));
      await chown(inRoot(`${SPOOL}/${name}`), uid, uid);
    };
    await put(signature, 'coffee-kiosk.deb.sig');
    if (rollback) await writeFile(inRoot(`${SPOOL}/coffee-kiosk.deb.rollback`), '');
    await put(deb, 'coffee-kiosk.deb');
  }

  /** Runs the service's ExecStart; its exit status and what it wrote to the journal. */
  const runInstaller = () => ctx.debRoot().attempt(UPDATE_INSTALLER_PATH);

  async function expectRefused(reason: RegExp, before: string): Promise<void> {
    const run = runInstaller();
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/refused the staged update/);
    expect(run.output).toMatch(reason);
    expect(ctx.installedVersion()).toBe(before);
    expect(await readdir(inRoot(SPOOL))).toEqual([]);
    expect(await readFile(inRoot(`${REJECTED}/reason`), 'utf8')).toMatch(reason);
    expect((await stat(inRoot(`${REJECTED}/coffee-kiosk.deb`))).isFile()).toBe(true);
  }

  describe('the root installer of staged updates', () => {
    it('ships its units (systemd-analyze verify), the script, the spool and the public key', async () => {
      for (const unit of UPDATE_UNIT_PATHS) {
        expect(ctx.debRoot().attempt('systemd-analyze', 'verify', unit)).toEqual({
          status: 0,
          output: '',
        });
      }
      expect(
        ctx.debRoot().attempt('systemctl', 'is-enabled', 'coffee-kiosk-update.path').output.trim(),
      ).toBe('enabled');
      const script = await stat(inRoot(UPDATE_INSTALLER_PATH));
      expect([script.uid, script.mode & 0o777]).toEqual([0, 0o755]);
      const key = await stat(inRoot(UPDATE_KEY_PATH));
      expect([key.uid, key.mode & 0o777]).toEqual([0, 0o644]);
      const spool = await stat(inRoot(SPOOL));
      expect(spool.uid).toBe(Number(ctx.debRoot().run('id', '-u', 'coffee-kiosk')));
      expect(spool.mode & 0o777).toBe(0o750);
    });

    it('installs a correctly signed newer package and empties the spool', async () => {
      newer = await ctx.build(ctx.newer());
      if (newer.signature === undefined) throw new Error('the package was not signed');
      await stage(newer.deb, newer.signature);
      const run = runInstaller();
      expect(run.status, run.output).toBe(0);
      expect(ctx.installedVersion()).toBe(`install ok installed ${newer.version}`);
      expect(await readdir(inRoot(SPOOL))).toEqual([]);
      expect(await readdir(inRoot('var/lib/coffee-kiosk-updater'))).toEqual(['rejected']);
    });

    it('refuses a package signed by another key', async () => {
      const before = ctx.installedVersion();
      const other = await makeUpdateKey();
      try {
        const copy = join(other.dir, 'coffee-kiosk.deb');
        await copyFile(newer.deb, copy);
        await stage(newer.deb, await signWith(copy, other.privateKey));
        await expectRefused(/signature does not verify/, before);
      } finally {
        await rm(other.dir, { recursive: true, force: true });
      }
    });

    it('refuses a signed package that is not coffee-kiosk', async () => {
      const before = ctx.installedVersion();
      const dir = await mkdtemp(join(tmpdir(), 'not-coffee-'));
      try {
        await mkdir(join(dir, 'pkg/DEBIAN'), { recursive: true });
        await writeFile(
          join(dir, 'pkg/DEBIAN/control'),
          'Package: not-coffee\nVersion: 99.0.0\nArchitecture: all\nMaintainer: x <x@x.invalid>\nDescription: not the kiosk\n',
        );
        const deb = join(dir, 'not-coffee.deb');
        execFileSync('dpkg-deb', ['--root-owner-group', '--build', join(dir, 'pkg'), deb], {
          stdio: 'ignore',
        });
        await stage(deb, await signWith(deb, ctx.signingKey()));
        await expectRefused(/package not-coffee is not coffee-kiosk/, before);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses an older version the hub did not ask for, installs it when it did (a pin)', async () => {
      const before = ctx.installedVersion();
      const older = ctx.older();
      if (older.signature === undefined) throw new Error('the package was not signed');
      await stage(older.deb, older.signature);
      await expectRefused(/older than the installed .* the hub did not ask for it/, before);

      await stage(older.deb, older.signature, true);
      const run = runInstaller();
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/rolling back/);
      expect(ctx.installedVersion()).toBe(`install ok installed ${older.version}`);
      expect(await readdir(inRoot(SPOOL))).toEqual([]);
    });

    it('refuses a staged symlink (to a root file) without following it', async () => {
      const before = ctx.installedVersion();
      if (newer.signature === undefined) throw new Error('the package was not signed');
      await stage(newer.deb, newer.signature);
      await rm(inRoot(`${SPOOL}/coffee-kiosk.deb`));
      await symlink('/etc/shadow', inRoot(`${SPOOL}/coffee-kiosk.deb`));
      const run = runInstaller();
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/coffee-kiosk\.deb is missing or not a regular file/);
      expect(ctx.installedVersion()).toBe(before);
      expect(await readdir(inRoot(SPOOL))).toEqual([]);
      expect((await lstat(inRoot(`${REJECTED}/coffee-kiosk.deb`))).isSymbolicLink()).toBe(true);
    });

    it('refuses every update when the package holds no update key', async () => {
      const before = ctx.installedVersion();
      const key = await readFile(inRoot(UPDATE_KEY_PATH));
      await rm(inRoot(UPDATE_KEY_PATH));
      try {
        if (newer.signature === undefined) throw new Error('the package was not signed');
        await stage(newer.deb, newer.signature);
        await expectRefused(/no update signing key/, before);
      } finally {
        await writeFile(inRoot(UPDATE_KEY_PATH), key);
      }
    });

    it('refuses a release whose dependency cannot be had, leaving the installed one whole', async () => {
      const before = ctx.installedVersion();
      const dir = await mkdtemp(join(tmpdir(), 'coffee-missing-dep-'));
      try {
        // The newer package again, a version above every other, needing a package no archive has.
        execFileSync('dpkg-deb', ['--raw-extract', newer.deb, join(dir, 'pkg')]);
        const control = join(dir, 'pkg/DEBIAN/control');
        await writeFile(
          control,
          (await readFile(control, 'utf8'))
            .replace(/^Version: .*$/m, `Version: ${semver.inc(newer.version, 'major') ?? ''}`)
            .replace(/^Depends: /m, 'Depends: coffee-kiosk-missing-dependency (>= 1), '),
        );
        const deb = join(dir, 'coffee-kiosk.deb');
        execFileSync(
          'dpkg-deb',
          ['--root-owner-group', '-Znone', '--build', join(dir, 'pkg'), deb],
          {
            stdio: 'ignore',
          },
        );
        await stage(deb, await signWith(deb, ctx.signingKey()));
        const run = runInstaller();
        expect(run.status, run.output).toBe(1);
        expect(run.output).toMatch(/apt could not install .*coffee-kiosk-missing-dependency/s);
        expect(ctx.installedVersion()).toBe(before);
        expect(await readdir(inRoot(SPOOL))).toEqual([]);
        expect(await readFile(inRoot(`${REJECTED}/reason`), 'utf8')).toMatch(
          /coffee-kiosk-missing-dependency/,
        );
        // Nothing unpacked over the running app: dpkg's audit finds no half-installed package.
        expect(ctx.debRoot().attempt('dpkg', '--audit')).toEqual({ status: 0, output: '' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('never goes back below the installed release’s rollback floor, even when the hub asks', async () => {
      // A release that fixes a flaw, built with the release before it as its floor.
      const fixed = await ctx.build(semver.inc(newer.version, 'patch') ?? '', newer.version);
      if (fixed.signature === undefined) throw new Error('the package was not signed');
      await stage(fixed.deb, fixed.signature);
      expect(runInstaller().status).toBe(0);
      expect(ctx.installedVersion()).toBe(`install ok installed ${fixed.version}`);
      const floor = await stat(inRoot(ROLLBACK_FLOOR_PATH));
      expect([floor.uid, floor.mode & 0o777]).toEqual([0, 0o644]);
      expect(await readFile(inRoot(ROLLBACK_FLOOR_PATH), 'utf8')).toBe(`${newer.version}\n`);

      // Below the floor: refused, marker or not.
      const older = ctx.older();
      if (older.signature === undefined) throw new Error('the package was not signed');
      await stage(older.deb, older.signature, true);
      await expectRefused(
        new RegExp(`version ${older.version} is below ${newer.version}, the oldest`),
        `install ok installed ${fixed.version}`,
      );

      // At the floor, with the hub's marker: a pin still works.
      if (newer.signature === undefined) throw new Error('the package was not signed');
      await stage(newer.deb, newer.signature, true);
      const run = runInstaller();
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/rolling back/);
      expect(ctx.installedVersion()).toBe(`install ok installed ${newer.version}`);
    });
  });
}
