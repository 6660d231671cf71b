// `npm run package:linux [-- --version X.Y.Z]`: the kiosk's .deb. After `npm run build` (the npm
// script runs it first): dist/app (scripts/package-app-dir.ts), electron-builder `--linux dir`
// with the fuses of electron-builder.yml flipped, then a .deb made by dpkg-deb
// (scripts/package-deb.ts) in dist/packages/. Over the real Electron binary when it is installed
// (node_modules/electron), else over the stand-in (scripts/package-stand-in.ts): that package
// installs and tests the packaging but runs no kiosk, and says so. build/README.md.
// With `--signing-key FILE` (or KIOSK_UPDATE_SIGNING_KEY=FILE), an EC private key: the package
// embeds its public key and the .deb is signed into `<deb>.sig` (scripts/package-sign.ts). With
// `--rollback-floor X.Y.Z`, kiosks running the package never go back below X.Y.Z, even when the
// hub asks (scripts/package-rollback-floor.ts, decision 0052).
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findElectronBinary } from './electron-binary';
import { makeAppDir } from './package-app-dir';
import { makeDeb } from './package-deb';
import { rollbackFloorError } from './package-rollback-floor';
import { loadSigningKey, signFile, SIGNING_KEY_ENV } from './package-sign';
import { makeStandInElectron } from './package-stand-in';

const DEBIAN_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

export interface LinuxPackage {
  readonly deb: string;
  readonly unpackedDir: string;
  readonly version: string;
  readonly standIn: boolean;
  /** `<deb>.sig`, when built with a signing key. */
  readonly signature: string | undefined;
}

/** What else a package may carry. */
export interface PackageExtras {
  /** The oldest version kiosks running this package may go back to (decision 0052). */
  readonly rollbackFloor?: string | undefined;
}

/**
 * Builds the .deb from an existing `npm run build`; `version` overrides package.json's. With
 * `signingKey` (an EC private key file) the package embeds its public key and is signed. Rejects
 * before building anything when the key or the rollback floor is wrong.
 */
export async function packageLinux(
  root: string,
  version?: string,
  signingKey?: string,
  extras: PackageExtras = {},
): Promise<LinuxPackage> {
  const key = signingKey === undefined ? undefined : await loadSigningKey(signingKey);
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
    description: string;
  };
  const finalVersion = version ?? project.version;
  const { rollbackFloor } = extras;
  const floorError =
    rollbackFloor === undefined ? undefined : rollbackFloorError(rollbackFloor, finalVersion);
  if (floorError !== undefined) throw new Error(floorError);
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
  const deb = await makeDeb({
    root,
    unpackedDir,
    version: finalVersion,
    arch,
    description: project.description,
    outDir: join(root, 'dist/packages'),
    updateKeyPem: key?.publicKeyPem,
    rollbackFloor,
  });
  const signature = key === undefined ? undefined : await signFile(deb, key.privateKey);
  return { deb, unpackedDir, version: finalVersion, standIn: !real.isPresent, signature };
}

/** `npm run package:linux`: builds and says what it built; wrong options end in one line, exit 1. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      'signing-key': { type: 'string' },
      'rollback-floor': { type: 'string' },
    },
  });
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const signingKey = values['signing-key'] ?? (process.env[SIGNING_KEY_ENV] || undefined);
  const built = await packageLinux(root, values.version, signingKey, {
    rollbackFloor: values['rollback-floor'],
  });
  console.log(`built ${built.deb}`);
  console.log(
    built.signature === undefined
      ? `NOT SIGNED (no --signing-key or ${SIGNING_KEY_ENV}): kiosks installing this package refuse every staged update.`
      : `signed: ${built.signature} (add it with the .deb: npm run hub -- release add)`,
  );
  if (values['rollback-floor'] !== undefined) {
    console.log(
      `rollback floor ${values['rollback-floor']}: kiosks running this package never go back below it.`,
    );
  }
  if (built.standIn) {
    console.log(
      'over the STAND-IN Electron (the real binary is not installed): this package tests the ' +
        'packaging and installs, but runs no kiosk. See build/README.md.',
    );
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    console.error(`package:linux: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
