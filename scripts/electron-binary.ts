import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the Electron binary the way the `electron` package's index.js does (its `path.txt`, or
 * ELECTRON_OVERRIDE_DIST_PATH) without loading that package: loading it when the binary is absent
 * starts a download, which fails or hangs on a closed network. The binary counts as present only
 * when it runs (as Node, so no display is needed). The Electron smoke spec runs when it is
 * present and reports `reason` when it is not.
 */
export type ElectronBinary =
  | { readonly isPresent: true; readonly path: string; readonly version: string }
  | { readonly isPresent: false; readonly reason: string };

export interface FindElectronOptions {
  /** The installed `electron` package's folder; found from this repository by default. */
  readonly packageDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function defaultPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary and its version, or why it cannot be used. Never throws. */
export function findElectronBinary(options: FindElectronOptions = {}): ElectronBinary {
  const env = options.env ?? process.env;
  const packageDir = options.packageDir ?? defaultPackageDir();
  if (packageDir === null) {
    return { isPresent: false, reason: 'the electron package is not installed (npm ci)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const named = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  let binary: string;
  if (override !== undefined && override !== '') {
    binary = join(override, named ?? 'electron');
  } else if (named === null) {
    return {
      isPresent: false,
      reason:
        `the Electron binary is not installed: ${pathFile} is missing (npm installed the electron ` +
        'package with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or could not download its binary)',
    };
  } else {
    binary = join(packageDir, 'dist', named);
  }
  if (!existsSync(binary)) {
    return { isPresent: false, reason: `the Electron binary ${binary} does not exist` };
  }
  const run = spawnSync(binary, ['-p', 'process.versions.electron'], {
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const version = run.stdout.trim();
  if (run.error !== undefined || run.status !== 0 || version === '') {
    const why = run.error?.message ?? (run.stderr.trim() || `exit status ${String(run.status)}`);
    return { isPresent: false, reason: `the Electron binary ${binary} does not run: ${why}` };
  }
  return { isPresent: true, path: binary, version };
}
