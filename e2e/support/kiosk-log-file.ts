import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKioskLog } from '#electron/main/logging/kiosk-log';
import type { KioskLogger } from '#electron/main/logging/kiosk-log';

/**
 * Main's real log in the e2e suite (decision 0041): the wiring writes through the shipped logger
 * (electron-log's file transport with the redaction hook) into `<userData>/logs`, as a kiosk does,
 * and each main's files are kept under the run's output when it is disposed, for
 * `scripts/check-kiosk-logs.ts` to grep for every seeded person's data after the run.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the run's kiosk logs are kept: Playwright's output folder, emptied at each run's start. */
export const KIOSK_LOG_RUN_DIR = join(REPO_ROOT, 'test-results', 'kiosk-main-logs');

/** Main's log folder under a user-data folder, as electron/main/index.ts makes it. */
export const logDirOf = (userDataDir: string): string => join(userDataDir, 'logs');

/** Main's file log in `<userDataDir>/logs` (nothing on stderr: the test's output stays quiet). */
export function fileLogger(userDataDir: string): KioskLogger {
  return createKioskLog({ dir: logDirOf(userDataDir), appName: 'COFFEE Kiosk', toConsole: false });
}

/** One logger writing to each of `loggers`. */
export function teeLogger(...loggers: readonly KioskLogger[]): KioskLogger {
  return {
    info: (message) => {
      for (const l of loggers) l.info(message);
    },
    warn: (message, error) => {
      for (const l of loggers) l.warn(message, error);
    },
    error: (message, error) => {
      for (const l of loggers) l.error(message, error);
    },
  };
}

/**
 * Copies main's log files of `userDataDir` into KIOSK_LOG_RUN_DIR as
 * `<user-data folder name>-<file>`; call before the folder is deleted. A main that wrote nothing
 * leaves nothing.
 */
export async function keepKioskLog(userDataDir: string): Promise<void> {
  const dir = logDirOf(userDataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await mkdir(KIOSK_LOG_RUN_DIR, { recursive: true });
  for (const name of names) {
    await copyFile(join(dir, name), join(KIOSK_LOG_RUN_DIR, `${basename(userDataDir)}-${name}`));
  }
}
