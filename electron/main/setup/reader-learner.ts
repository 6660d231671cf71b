import { err, ok, type Result } from '#shared/result';
import type { SetupLearntSerial } from '#shared/ipc/setup';
import { CardFrameStream } from '#shared/readers/card-frame-stream';
import {
  listSerialPorts,
  openSerialPort,
  type ListSerialPorts,
  type OpenSerialPort,
  type SerialConnection,
} from '../readers/serial-port';
import { firstTap } from './first-tap';

/**
 * "Tap any card now" for serial readers: opens every serial port at once (each with `auto` frame
 * detection), and answers with the first card read: the port it came from, the wire format the
 * decoder recognised and the card. Ports that cannot be opened are skipped; every port opened is
 * closed again before the answer. No card within the time (or `signal` aborted): `setup-no-card`.
 */

export interface ReaderLearnerDeps {
  readonly list?: ListSerialPorts;
  readonly openPort?: OpenSerialPort;
  /** Ports to listen on besides those listed (a pty in tests, a path the installer knows). */
  readonly extraPaths?: () => readonly string[];
  readonly baudRate?: number;
  /** Told each port opened for a tap (tests write the card once the port listens). */
  readonly onOpened?: (path: string) => void;
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
  signal?: AbortSignal,
): Promise<Result<SetupLearntSerial>> {
  const paths = await serialCandidates(deps);
  const openPort = deps.openPort ?? openSerialPort;
  const learnt = await firstTap<string, SerialConnection, SetupLearntSerial>(timeoutMs, signal, {
    candidates: paths,
    open: (path) => openPort(path, deps.baudRate ?? 9600),
    attach: (conn, path, { found }) => {
      const stream = new CardFrameStream({ format: 'auto', source: 'serial' });
      conn.onData((chunk) => {
        const read = stream.push(chunk, Date.now()).reads[0];
        if (read === undefined) return;
        found({
          source: 'serial',
          path,
          format: read.format as SetupLearntSerial['format'],
          cardId: read.cardId,
        });
      });
      deps.onOpened?.(path);
    },
    close: (conn) => conn.close(),
  });
  if (learnt === null) {
    return err({
      code: 'setup-no-card',
      message: `No card read on ${paths.length} serial port(s) within ${timeoutMs} ms.`,
    });
  }
  return ok(learnt);
}
