import type { z } from 'zod';
import type { CardRead } from '#shared/domain/types';
import type { SerialReaderSchema } from '#shared/config/kiosk-config';
import type { ReaderStatus } from '#shared/ipc/contract';
import { CardFrameStream } from '#shared/readers/card-frame-stream';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  scheduleWithTimers,
  type BackoffOptions,
  type Schedule,
} from './backoff';
import { ReaderSignals, type CardReader, type ReaderRejection } from './card-reader';
import {
  listSerialPorts,
  openSerialPort,
  type ListSerialPorts,
  type OpenSerialPort,
  type SerialConnection,
} from './serial-port';

/** One `readers.serial[]` entry of the kiosk config, defaults applied. */
export type SerialReaderConfig = z.output<typeof SerialReaderSchema>;

/** The OS services a serial reader uses; tests inject a clock, a list or a schedule. */
export interface SerialReaderDeps {
  readonly openPort: OpenSerialPort;
  readonly list: ListSerialPorts;
  readonly clock: () => number;
  readonly schedule: Schedule;
  readonly backoff: BackoffOptions;
  /** Undefined: the decoder's default (100 ms). */
  readonly interByteTimeoutMs?: number;
}

const DEFAULT_DEPS: SerialReaderDeps = {
  openPort: openSerialPort,
  list: listSerialPorts,
  clock: () => Date.now(),
  schedule: scheduleWithTimers,
  backoff: DEFAULT_BACKOFF,
};

function usbId(config: SerialReaderConfig): string {
  return `${config.vendorId ?? '????'}:${config.productId ?? '????'}`.toLowerCase();
}

/** The state and installer-facing detail for a failed open, from the OS error's message. */
function openFailure(
  path: string,
  error: unknown,
): { state: 'disconnected' | 'error'; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|No such file/i.test(message))
    return { state: 'disconnected', detail: `${path}: not present` };
  if (/EACCES|Permission denied/i.test(message)) {
    return {
      state: 'error',
      detail: `${path}: permission denied; add the kiosk user to the dialout group (build/udev)`,
    };
  }
  if (/lock|busy|temporarily unavailable/i.test(message)) {
    return { state: 'error', detail: `${path}: in use by another program` };
  }
  return { state: 'error', detail: `${path}: ${message}` };
}

/**
 * A serial (USB-CDC) card reader: finds its port by path or by USB vendor/product id, decodes and
 * debounces frames (shared/readers) and emits CardReads whose cardId is canonical. When the port
 * goes away (unplug) it becomes `disconnected` and reopens with exponential backoff (capped at
 * `backoff.maxMs`) until close(). A port that cannot be opened never makes open() reject.
 */
export class SerialCardReader implements CardReader {
  readonly name: string;
  readonly #config: SerialReaderConfig;
  readonly #deps: SerialReaderDeps;
  readonly #signals: ReaderSignals;
  readonly #stream: CardFrameStream;
  #connection: SerialConnection | null = null;
  #cancelRetry: (() => void) | null = null;
  #attempt = 0;
  #isWanted = false;

  constructor(config: SerialReaderConfig, deps: Partial<SerialReaderDeps> = {}) {
    this.name = config.name;
    this.#config = config;
    this.#deps = { ...DEFAULT_DEPS, ...deps };
    this.#signals = new ReaderSignals(config.name, 'serial');
    this.#stream = new CardFrameStream({
      format: config.format,
      source: 'serial',
      debounceMs: config.debounceMs,
      ...(this.#deps.interByteTimeoutMs === undefined
        ? {}
        : { interByteTimeoutMs: this.#deps.interByteTimeoutMs }),
    });
  }

  async open(): Promise<void> {
    if (this.#isWanted) return;
    this.#isWanted = true;
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#isWanted = false;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    const connection = this.#connection;
    this.#connection = null;
    if (connection !== null) await connection.close();
    this.#signals.setState('disconnected', 'closed');
  }

  onCard(listener: (read: CardRead) => void): () => void {
    return this.#signals.onCard(listener);
  }

  onStatus(listener: (status: ReaderStatus) => void): () => void {
    return this.#signals.onStatus(listener);
  }

  onRejected(listener: (rejection: ReaderRejection) => void): () => void {
    return this.#signals.onRejected(listener);
  }

  status(): ReaderStatus {
    return this.#signals.status();
  }

  /** The configured path, or the first port (by path) with the configured USB ids; null if none. */
  async #resolvePath(): Promise<string | null> {
    if (this.#config.path !== undefined) return this.#config.path;
    const vendorId = this.#config.vendorId?.toLowerCase();
    const productId = this.#config.productId?.toLowerCase();
    const ports = await this.#deps.list();
    const matches = ports
      .filter((p) => p.vendorId?.toLowerCase() === vendorId)
      .filter((p) => productId === undefined || p.productId?.toLowerCase() === productId)
      .map((p) => p.path)
      .sort();
    return matches[0] ?? null;
  }

  async #connect(): Promise<void> {
    let path: string | null;
    try {
      path = await this.#resolvePath();
    } catch (error) {
      this.#retry(
        'error',
        `cannot list serial ports: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    if (this.#isStopped()) return;
    if (path === null) {
      this.#retry('disconnected', `no serial port with USB id ${usbId(this.#config)}`);
      return;
    }
    let connection: SerialConnection;
    try {
      connection = await this.#deps.openPort(path, this.#config.baudRate);
    } catch (error) {
      const failure = openFailure(path, error);
      this.#retry(failure.state, failure.detail);
      return;
    }
    if (this.#isStopped()) {
      await connection.close();
      return;
    }
    this.#attach(connection);
  }

  #attach(connection: SerialConnection): void {
    this.#connection = connection;
    this.#attempt = 0;
    this.#stream.reset();
    connection.onData((chunk) => {
      if (this.#connection === connection) this.#onData(chunk);
    });
    connection.onClose((error) => {
      if (this.#connection !== connection) return;
      this.#connection = null;
      if (!this.#isWanted) return;
      this.#retry('disconnected', `${connection.path}: ${error?.message ?? 'closed'}`);
    });
    this.#signals.setState('connected', connection.path);
  }

  #onData(chunk: Uint8Array): void {
    const at = this.#deps.clock();
    const { reads, rejected } = this.#stream.push(chunk, at);
    for (const r of rejected) {
      this.#signals.rejected(
        r.format === undefined
          ? { reason: r.reason, at }
          : { reason: r.reason, format: r.format, at },
      );
    }
    for (const read of reads) this.#signals.card(read);
  }

  /** close() may run while a connection attempt awaits; flow typing cannot see that. */
  #isStopped(): boolean {
    return !this.#isWanted;
  }

  #retry(state: 'disconnected' | 'error', detail: string): void {
    this.#signals.setState(state, detail);
    if (!this.#isWanted) return;
    const delay = backoffDelay(this.#attempt++, this.#deps.backoff);
    this.#cancelRetry = this.#deps.schedule(() => {
      this.#cancelRetry = null;
      void this.#connect();
    }, delay);
  }
}
