// The stand-in Electron folder: what electron-builder packs around the app where the real Electron
// binary cannot be downloaded (this network). Its `electron` is a small shell script that says what
// it is and fails; after its last line it carries Electron's fuse wire (the sentinel string, the
// wire's version and length, one byte per fuse, in the state Electron 45 ships), so that
// electron-builder can flip the fuses with @electron/fuses and a test can read them back from the
// packaged binary exactly as from the real one. A package built over it installs and exercises
// every maintainer script, but runs no kiosk. See build/README.md.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';

/** Fuse wire version 1 and Electron 45's eight fuses in its shipped state (FuseV1Options order). */
const SHIPPED_FUSES = [
  FuseState.ENABLE, // RunAsNode
  FuseState.DISABLE, // EnableCookieEncryption
  FuseState.ENABLE, // EnableNodeOptionsEnvironmentVariable
  FuseState.ENABLE, // EnableNodeCliInspectArguments
  FuseState.DISABLE, // EnableEmbeddedAsarIntegrityValidation
  FuseState.DISABLE, // OnlyLoadAppFromAsar
  FuseState.DISABLE, // LoadBrowserProcessSpecificV8Snapshot
  FuseState.ENABLE, // GrantFileProtocolExtraPrivileges
];

const SCRIPT = `#!/bin/sh
# COFFEE Kiosk: STAND-IN for the Electron binary, packed where the real one cannot be downloaded.
# A package built over it is for testing the packaging only: it installs, but runs no kiosk.
echo 'coffee-kiosk: this package was built over the stand-in Electron (packaging tests only); rebuild it where the Electron binary can be downloaded.' >&2
exit 78
# Electron fuse wire, read and flipped by @electron/fuses:
`;

/** Writes the stand-in Electron folder at `dir` (replacing it) for Electron `version`. */
export async function makeStandInElectron(dir: string, version: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(SCRIPT, 'utf8'),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, SHIPPED_FUSES.length, ...SHIPPED_FUSES]),
    Buffer.from('\n', 'ascii'),
  ]);
  const binary = join(dir, 'electron');
  await writeFile(binary, wire);
  await chmod(binary, 0o755);
  await writeFile(join(dir, 'version'), `${version}\n`);
  await writeFile(
    join(dir, 'LICENSE'),
    'Stand-in for the Electron binary (COFFEE Kiosk packaging tests). Not Electron.\n',
  );
  return dir;
}
