import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIVE_RUNTIME_MODULES, runtimeClosure } from './package-app-dir';
import { makeStandInElectron } from './package-stand-in';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the stand-in Electron', () => {
  it('carries a fuse wire @electron/fuses reads, flips and reads back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'stand-in-'));
    const binary = join(
      await makeStandInElectron(join(dir, 'electron-dist'), '45.5.0'),
      'electron',
    );
    const shipped = await getCurrentFuseWire(binary);
    expect(shipped.version).toBe(FuseVersion.V1);
    expect(shipped[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);
    expect(shipped[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.DISABLE);

    await flipFuses(binary, {
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
    const flipped = await getCurrentFuseWire(binary);
    expect(flipped[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(flipped[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(flipped[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.DISABLE);
  });

  it('says what it is and fails when run, even after its fuses are flipped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'stand-in-'));
    const binary = join(
      await makeStandInElectron(join(dir, 'electron-dist'), '45.5.0'),
      'electron',
    );
    await flipFuses(binary, { version: FuseVersion.V1, [FuseV1Options.RunAsNode]: false });
    const run = spawnSync(binary, ['--ozone-platform=wayland'], { encoding: 'utf8' });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/stand-in Electron/);
    expect(execFileSync('sh', ['-n', binary], { encoding: 'utf8' })).toBe('');
  });
});

describe('the app folder’s node_modules', () => {
  it('are the natives main loads and their dependencies, none of the hub’s or the renderer’s', async () => {
    const closure = await runtimeClosure(root, NATIVE_RUNTIME_MODULES);
    const names = closure.map((path) => path.slice(path.lastIndexOf('node_modules/') + 13));
    expect(names).toEqual(
      expect.arrayContaining(['serialport', 'node-hid', '@serialport/bindings-cpp']),
    );
    for (const other of [
      'fastify',
      'pg',
      'better-sqlite3',
      'kysely',
      'dexie',
      'svelte',
      'electron',
    ]) {
      expect(names).not.toContain(other);
    }
  });

  it('fail clearly when a native is not installed', async () => {
    await expect(runtimeClosure(root, ['no-such-native-module'])).rejects.toThrow(/npm ci/);
  });
});
