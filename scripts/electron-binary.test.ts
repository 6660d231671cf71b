import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';

/**
 * The locator against electron package folders laid out as npm leaves them; the "binary" that
 * runs is a shell script answering as `electron -p process.versions.electron` does.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function electronPackage(
  options: { pathTxt?: string; binary?: { name: string; script: string } } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'electron-pkg-'));
  dirs.push(dir);
  if (options.pathTxt !== undefined) await writeFile(join(dir, 'path.txt'), options.pathTxt);
  if (options.binary !== undefined) {
    await mkdir(join(dir, 'dist'));
    const file = join(dir, 'dist', options.binary.name);
    await writeFile(file, `#!/bin/sh\n${options.binary.script}\n`);
    await chmod(file, 0o755);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('says the binary was never installed when path.txt is missing, without downloading it', async () => {
    const packageDir = await electronPackage();
    expect(findElectronBinary({ packageDir, env: {} })).toEqual({
      isPresent: false,
      reason: expect.stringMatching(
        /^the Electron binary is not installed: .*path\.txt is missing .*ELECTRON_SKIP_BINARY_DOWNLOAD=1/,
      ) as string,
    });
  });

  it('names the missing file when path.txt points nowhere', async () => {
    const packageDir = await electronPackage({ pathTxt: 'electron' });
    expect(findElectronBinary({ packageDir, env: {} })).toEqual({
      isPresent: false,
      reason: `the Electron binary ${join(packageDir, 'dist', 'electron')} does not exist`,
    });
  });

  it('refuses a binary that does not run, with its error', async () => {
    const packageDir = await electronPackage({
      pathTxt: 'electron',
      binary: { name: 'electron', script: 'echo "cannot load libgtk-3.so.0" >&2; exit 127' },
    });
    const found = findElectronBinary({ packageDir, env: {} });
    expect(found).toEqual({
      isPresent: false,
      reason: expect.stringMatching(/does not run: cannot load libgtk-3\.so\.0$/) as string,
    });
  });

  it('finds a binary that runs as Node, and honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const answer =
      '[ "$ELECTRON_RUN_AS_NODE" = 1 ] && [ "$2" = process.versions.electron ] && echo 45.5.0';
    const packageDir = await electronPackage({
      pathTxt: 'electron',
      binary: { name: 'electron', script: answer },
    });
    expect(findElectronBinary({ packageDir, env: {} })).toEqual({
      isPresent: true,
      path: join(packageDir, 'dist', 'electron'),
      version: '45.5.0',
    });
    const other = await electronPackage({ binary: { name: 'electron', script: answer } });
    expect(
      findElectronBinary({ packageDir, env: { ELECTRON_OVERRIDE_DIST_PATH: join(other, 'dist') } }),
    ).toMatchObject({ isPresent: true, path: join(other, 'dist', 'electron') });
  });
});
