// `npm run package:linux [-- --version X.Y.Z]`: the kiosk's .deb. After `npm run build` (the npm
// script runs it first): dist/app (scripts/package-app-dir.ts), electron-builder `--linux dir`
// with the fuses of electron-builder.yml flipped, then a .deb made by dpkg-deb
// (scripts/package-deb.ts) in dist/packages/. Over the real Electron binary when it is installed
// (node_modules/electron), else over the stand-in (scripts/package-stand-in.ts): that package
// installs and tests the packaging but runs no kiosk, and says so. build/README.md.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findElectronBinary } from './electron-binary';
import { makeAppDir } from './package-app-dir';
import { makeDeb } from './package-deb';
import { makeStandInElectron } from './package-stand-in';

const DEBIAN_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

export interface LinuxPackage {
  readonly deb: string;
  readonly unpackedDir: string;
  readonly version: string;
  readonly standIn: boolean;
}

/** Builds the .deb from an existing `npm run build`; `version` overrides package.json's. */
export async function packageLinux(root: string, version?: string): Promise<LinuxPackage> {
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
    description: string;
  };
  const electron = JSON.parse(
    await readFile(join(root, 'node_modules/electron/package.json'), 'utf8'),
  ) as { version: string };
  const arch = DEBIAN_ARCH[process.arch];
  if (arch === undefined) throw new Error(`no Debian package for the ${process.arch} architecture`);

  const real = findElectronBinary();
  const electronDist = real.isPresent
    ? dirname(real.path)
    : await makeStandInElectron(join(root, 'dist/stand-in-electron'), electron.version);
  await makeAppDir(root, version);

  const builder = spawnSync(
    join(root, 'node_modules/.bin/electron-builder'),
    [
      '--linux',
      'dir',
      `--${process.arch}`,
      `-c.electronDist=${electronDist}`,
      // Rebuilding the natives for Electron downloads its headers: only with the real binary.
      `-c.npmRebuild=${String(real.isPresent)}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  if (builder.status !== 0) {
    throw new Error(`electron-builder failed (exit status ${String(builder.status)})`);
  }
  const unpackedDir = join(
    root,
    'dist/packages',
    process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`,
  );
  const finalVersion = version ?? project.version;
  const deb = await makeDeb({
    root,
    unpackedDir,
    version: finalVersion,
    arch,
    description: project.description,
    outDir: join(root, 'dist/packages'),
  });
  return { deb, unpackedDir, version: finalVersion, standIn: !real.isPresent };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { version: { type: 'string' } } });
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const built = await packageLinux(root, values.version);
  console.log(`built ${built.deb}`);
  if (built.standIn) {
    console.log(
      'over the STAND-IN Electron (the real binary is not installed): this package tests the ' +
        'packaging and installs, but runs no kiosk. See build/README.md.',
    );
  }
}
