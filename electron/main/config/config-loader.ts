import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  parseKioskConfig,
  parseKioskConfigText,
  type KioskConfigState,
} from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { ConfigErrorCode } from '#shared/ipc/codes';

/**
 * Loads the kiosk config at start (docs/architecture.md, "The kiosk shell"): `kiosk.json` in the user-data
 * folder, or the file named by KIOSK_CONFIG. The result is always a KioskConfigState: the renderer
 * shows the error screen for 'invalid', and runs on demo data when no config was installed.
 */

export const CONFIG_FILE_NAME = 'kiosk.json';

export interface ConfigLocation {
  readonly path: string;
  /** True when KIOSK_CONFIG chose the file: then a missing file is an error, not demo mode. */
  readonly isExplicit: boolean;
}

/** Where the config is read from: KIOSK_CONFIG (resolved against cwd) wins over the user-data folder. */
export function kioskConfigLocation(
  userDataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): ConfigLocation {
  const override = env['KIOSK_CONFIG'];
  if (override !== undefined && override.trim() !== '') {
    return { path: path.resolve(override), isExplicit: true };
  }
  return { path: path.join(userDataDir, CONFIG_FILE_NAME), isExplicit: false };
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function invalid(
  filePath: string,
  error: { code: string; message: string; details?: readonly string[] },
): KioskConfigState {
  return {
    status: 'invalid',
    path: filePath,
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: [...error.details] } : {}),
    },
  };
}

/**
 * Reads and validates the config. Never rejects:
 * - implicit file missing → the demo config with isDemo true;
 * - explicit (KIOSK_CONFIG) file missing → invalid, code 'config-missing';
 * - unreadable → invalid, code 'config-unreadable';
 * - bad JSON or schema → invalid with every error (from parseKioskConfigText).
 */
export async function loadKioskConfig(opts: {
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<KioskConfigState> {
  const location = kioskConfigLocation(opts.userDataDir, opts.env);
  let text: string;
  try {
    text = await readFile(location.path, 'utf8');
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' && !location.isExplicit) return demoConfigState(location.path);
    return invalid(location.path, {
      code: (code === 'ENOENT' ? 'config-missing' : 'config-unreadable') satisfies ConfigErrorCode,
      message:
        code === 'ENOENT'
          ? 'The kiosk config file named by KIOSK_CONFIG does not exist.'
          : 'The kiosk config file cannot be read.',
      details: [e instanceof Error ? e.message : String(e)],
    });
  }
  const parsed = parseKioskConfigText(text);
  return parsed.ok
    ? { status: 'ok', config: parsed.value, isDemo: false }
    : invalid(location.path, parsed.error);
}

/** The demo config, validated like any other so a broken demo shows up as an error screen too. */
export function demoConfigState(configPath: string): KioskConfigState {
  const parsed = parseKioskConfig(DEMO_KIOSK_CONFIG);
  return parsed.ok
    ? { status: 'ok', config: parsed.value, isDemo: true }
    : invalid(configPath, parsed.error);
}
