import type { z } from 'zod';
import type { SerialReaderSchema } from '#shared/config/kiosk-config';
import { CardFrameStream } from '#shared/readers/card-frame-stream';
import {
  DEFAULT_RECONNECT_DEPS,
  ReconnectingReader,
  type ConnectOutcome,
  type ReconnectDeps,
} from './reconnecting-reader';
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
export interface SerialReaderDeps extends ReconnectDeps {
  readonly openPort: OpenSerialPort;
  readonly list: ListSerialPorts;
  readonly clock: () => number;
  /** Undefined: the decoder's default (100 ms). */
  readonly interByteTimeoutMs?: number;
}

const DEFAULT_DEPS: SerialReaderDeps = {
  ...DEFAULT_RECONNECT_DEPS,
  openPort: openSerialPort,
  list: listSerialPorts,
  clock: () => Date.now(),
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
 * debounces frames (shared/readers) and emits CardReads whose cardId is canonical. Its lifecycle is
 * ReconnectingReader's: when the port goes away (unplug) it becomes `disconnected` and reopens
 * with exponential backoff (capped at `backoff.maxMs`) until close(); open() never rejects.
 */
export class SerialCardReader extends ReconnectingReader<SerialConnection> {
  readonly #config: SerialReaderConfig;
  readonly #deps: SerialReaderDeps;
  readonly #stream: CardFrameStream;

  constructor(config: SerialReaderConfig, deps: Partial<SerialReaderDeps> = {}) {
    const merged = { ...DEFAULT_DEPS, ...deps };
    super(config.name, 'serial', merged);
    this.#config = config;
    this.#deps = merged;
    this.#stream = new CardFrameStream({
      format: config.format,
      source: 'serial',
      debounceMs: config.debounceMs,
      ...(merged.interByteTimeoutMs === undefined
        ? {}
        : { interByteTimeoutMs: merged.interByteTimeoutMs }),
    });
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

  protected override async connect(): Promise<ConnectOutcome<SerialConnection>> {
    let path: string | null;
    try {
      path = await this.#resolvePath();
    } catch (error) {
      return {
        kind: 'failed',
        state: 'error',
        detail: `cannot list serial ports: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (path === null) {
      return {
        kind: 'failed',
        state: 'disconnected',
        detail: `no serial port with USB id ${usbId(this.#config)}`,
      };
    }
    try {
      const connection = await this.#deps.openPort(path, this.#config.baudRate);
      return { kind: 'connected', connection, detail: connection.path };
    } catch (error) {
      return { kind: 'failed', ...openFailure(path, error) };
    }
  }

  protected override attach(connection: SerialConnection, lost: (detail: string) => void): void {
    this.#stream.reset();
    connection.onData((chunk) => {
      if (this.isCurrent(connection)) this.#onData(chunk);
    });
    connection.onClose((error) => {
      lost(error?.message ?? 'closed');
    });
  }

  protected override release(connection: SerialConnection): Promise<void> {
    return connection.close();
  }

  #onData(chunk: Uint8Array): void {
    const at = this.#deps.clock();
    const { reads, rejected } = this.#stream.push(chunk, at);
    for (const r of rejected) {
      this.signals.rejected(
        r.format === undefined
          ? { reason: r.reason, at }
          : { reason: r.reason, format: r.format, at },
      );
    }
    for (const read of reads) this.signals.card(read);
  }
}
