import { err, ok, type Result } from '#shared/result';
import type { SetupLearnt } from '#shared/ipc/setup';
import { CardFrameStream } from '#shared/readers/card-frame-stream';
import {
  listSerialPorts,
  openSerialPort,
  type ListSerialPorts,
  type OpenSerialPort,
  type SerialConnection,
} from '../readers/serial-port';

/**
 * "Tap any card now" for serial readers: opens every serial port at once (each with `auto` frame
 * detection), and answers with the first card read: the port it came from, the wire format the
 * decoder recognised and the card. Ports that cannot be opened are skipped; every port opened is
 * closed again before the answer. No card within the time: `setup-no-card`.
 */

export interface ReaderLearnerDeps {
  readonly list?: ListSerialPorts;
  readonly openPort?: OpenSerialPort;
  /** Ports to listen on besides those listed (a pty in tests, a path the installer knows). */
  readonly extraPaths?: () => readonly string[];
  readonly baudRate?: number;
  /** Told each port opened for a tap (tests write the card once the port listens). */
  readonly onOpened?: (path: string) => void;
  /** Stops waiting at once (as if the time ran out) and closes the ports. */
  readonly signal?: AbortSignal;
}

/** The serial ports a tap could come from: those listed and the extra paths, without repeats. */
export async function serialCandidates(deps: ReaderLearnerDeps = {}): Promise<string[]> {
  let listed: string[] = [];
  try {
    listed = (await (deps.list ?? listSerialPorts)()).map((p) => p.path);
  } catch {
    listed = [];
  }
  return [...new Set([...listed, ...(deps.extraPaths?.() ?? [])])].sort();
}

/** Waits up to `timeoutMs` for one card on any serial port. Never rejects. */
export async function learnSerialReader(
  timeoutMs: number,
  deps: ReaderLearnerDeps = {},
): Promise<Result<SetupLearnt>> {
  const paths = await serialCandidates(deps);
  const openPort = deps.openPort ?? openSerialPort;
  const opened: SerialConnection[] = [];
  let timer: NodeJS.Timeout | undefined;
  let isSettled = false;
  try {
    const learnt = await new Promise<SetupLearnt | null>((resolve) => {
      timer = setTimeout(() => {
        resolve(null);
      }, timeoutMs);
      deps.signal?.addEventListener(
        'abort',
        () => {
          resolve(null);
        },
        { once: true },
      );
      if (deps.signal?.aborted === true) resolve(null);
      for (const path of paths) {
        openPort(path, deps.baudRate ?? 9600).then(
          (conn) => {
            if (isSettled) {
              void conn.close();
              return;
            }
            opened.push(conn);
            const stream = new CardFrameStream({ format: 'auto', source: 'serial' });
            conn.onData((chunk) => {
              const read = stream.push(chunk, Date.now()).reads[0];
              if (read !== undefined) {
                resolve({
                  path,
                  format: read.format as SetupLearnt['format'],
                  cardId: read.cardId,
                });
              }
            });
            deps.onOpened?.(path);
          },
          () => {
            // Busy, gone or not ours: not the reader being tapped.
          },
        );
      }
    });
    isSettled = true;
    if (learnt === null) {
      return err({
        code: 'setup-no-card',
        message: `No card read on ${paths.length} serial port(s) within ${timeoutMs} ms.`,
      });
    }
    return ok(learnt);
  } finally {
    clearTimeout(timer);
    await Promise.all(opened.map((c) => c.close()));
  }
}
