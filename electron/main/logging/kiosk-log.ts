import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import electronLog from 'electron-log/node';
import { redactValue } from './redact';

/**
 * Main's log: electron-log's file transport writing
 * `<userData>/logs/main.log`, rotated by size into `main.1.log` … `main.<keep>.log`, and the same
 * lines on stderr for the journal. Built once by the Electron adapter (index.ts); modules receive
 * the small KioskLogger interface (or a function over it), never electron-log itself.
 *
 * What goes in: start-up, config state, reader states with device paths, IPC handler and printing
 * failures. Never a visitor's personal data: no names, contacts, card ids or record contents;
 * callers log channel names, device paths, error codes and messages of system errors. What slips
 * through anyway (an e-mail, a phone number or a card id inside a system error's message) is
 * masked by a hook before any transport writes it (redact.ts, decision 0041).
 */

/** What main's modules log through; electron-log's logger satisfies it. */
export interface KioskLogger {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export interface KioskLogOptions {
  /** The log folder, `<userData>/logs`; created when missing. */
  readonly dir: string;
  /** The app's name, which electron-log's path variables need even when the path is given. */
  readonly appName: string;
  /** Size at which main.log is rotated; 1 MiB by default. */
  readonly maxBytes?: number;
  /** Rotated files kept besides main.log; 3 by default. */
  readonly keep?: number;
  /** Also write to stderr (the journal under systemd); true by default. */
  readonly toConsole?: boolean;
}

/** A KioskLogger writing to a file, with the file's path. */
export interface KioskLog extends KioskLogger {
  readonly file: string;
}

export const LOG_FILE_NAME = 'main.log';

let instances = 0;

/**
 * Shifts `main.log` → `main.1.log` → … → `main.<keep>.log`, dropping the oldest. Throws when a
 * rename fails; the caller then crops the file instead, so logging never stops.
 */
function rotate(path: string, keep: number): void {
  const { dir, name, ext } = parse(path);
  const archive = (n: number): string => join(dir, `${name}.${String(n)}${ext}`);
  rmSync(archive(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (existsSync(archive(n))) renameSync(archive(n), archive(n + 1));
  }
  renameSync(path, archive(1));
}

/**
 * Builds main's logger over electron-log's Node build (not `electron-log/main`: importing that
 * registers an `__ELECTRON_LOG__` ipcMain listener and handler outside the IPC contract, with no
 * sender check; see docs/decisions/0014). Never throws: a log file that cannot be written makes
 * electron-log report to stderr and carry on.
 */
export function createKioskLog(options: KioskLogOptions): KioskLog {
  instances += 1;
  const logger = electronLog.create({ logId: `kiosk-main-${String(instances)}` });
  const maxBytes = options.maxBytes ?? 1024 ** 2;
  const keep = options.keep ?? 3;
  const file = join(options.dir, LOG_FILE_NAME);
  const fileTransport = logger.transports.file;
  fileTransport.setAppName(options.appName);
  fileTransport.resolvePathFn = () => file;
  fileTransport.level = 'info';
  fileTransport.maxSize = maxBytes;
  // The log is the kiosk's own: not readable by other users of the machine.
  fileTransport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  fileTransport.archiveLogFn = (oldFile) => {
    try {
      rotate(oldFile.path, keep);
    } catch {
      // electron-log's own fallback: keep the newest quarter, so a full disk cannot stop logging.
      (oldFile as { crop?: (bytes: number) => void }).crop?.(Math.round(maxBytes / 4));
    }
  };
  // Before every transport (file and stderr alike): no line leaves unredacted.
  logger.hooks.push((message) => ({
    ...message,
    data: (message.data as unknown[]).map(redactValue),
  }));
  logger.transports.console.level = options.toConsole === false ? false : 'info';
  for (const name of ['ipc', 'remote']) {
    const transport = logger.transports[name];
    if (transport) transport.level = false;
  }
  return {
    file,
    info: (message) => {
      logger.info(message);
    },
    warn: (message, error) => {
      if (error === undefined) logger.warn(message);
      else logger.warn(message, error);
    },
    error: (message, error) => {
      if (error === undefined) logger.error(message);
      else logger.error(message, error);
    },
  };
}
