import type { KioskConfigState } from '#shared/config/kiosk-config';
import type { CardRead } from '#shared/domain/types';
import type { ReaderStatus } from '#shared/ipc/contract';
import type { CardReader } from './card-reader';
import { createCardReaders, type CardReaderDeps } from './reader-factory';
import { readerStatuses } from './reader-status';

/** Where the service delivers what its readers produce; main wires both to the kiosk window. */
export interface ReaderServiceSinks {
  /** Every debounced read of every reader, in arrival order. */
  readonly onCardRead: (read: CardRead) => void;
  /** The whole status list (as `statuses()` returns it) after every change of any reader. */
  readonly onStatusChanged: (statuses: ReaderStatus[]) => void;
}

/** What ReaderService.fromConfig builds the readers with; left out: the real OS services. */
export interface ReaderServiceOptions extends ReaderServiceSinks {
  readonly readerDeps?: CardReaderDeps;
  /**
   * Each reader's first outcome and changes of state, with its device path, for the kiosk log
   * (ReconnectingReader); passed to the readers it builds.
   */
  readonly log?: (message: string) => void;
}

/**
 * The main process's card readers as one service: the serial and HID readers of the kiosk config,
 * their reads forwarded to `onCardRead` and their statuses, behind the keyboard wedge's, published
 * as one list. Readers fail soft (a missing or unplugged device is `disconnected` and retried, see
 * CardReader), so open() never rejects and the kiosk keeps working, with its wedge reader, whatever
 * the hardware does. A sink that throws is isolated by the readers and cannot stop them.
 */
export class ReaderService {
  readonly #config: KioskConfigState;
  readonly #readers: readonly CardReader[];
  readonly #sinks: ReaderServiceSinks;
  readonly #unsubscribes: (() => void)[] = [];
  #isOpen = false;

  /** Readers are taken as given (not yet opened); the service owns them from now on. */
  constructor(config: KioskConfigState, readers: readonly CardReader[], sinks: ReaderServiceSinks) {
    this.#config = config;
    this.#readers = readers;
    this.#sinks = sinks;
  }

  /**
   * Builds the service with the readers of `config` (createCardReaders); an invalid config has
   * none, only the wedge's status. Never throws for a config that passed validation.
   */
  static fromConfig(config: KioskConfigState, options: ReaderServiceOptions): ReaderService {
    const deps = {
      ...options.readerDeps,
      ...(options.log === undefined ? {} : { log: options.log }),
    };
    const readers = config.status === 'ok' ? createCardReaders(config.config.readers, deps) : [];
    return new ReaderService(config, readers, options);
  }

  /** The readers the service runs, in config order (serial, then HID). */
  get readers(): readonly CardReader[] {
    return this.#readers;
  }

  /**
   * Subscribes to every reader and opens them all at once; resolves when each has settled its
   * first connection attempt. Never rejects; a second call does nothing.
   */
  async open(): Promise<void> {
    if (this.#isOpen) return;
    this.#isOpen = true;
    for (const reader of this.#readers) {
      this.#unsubscribes.push(
        reader.onCard((read) => {
          this.#sinks.onCardRead(read);
        }),
        reader.onStatus(() => {
          this.#sinks.onStatusChanged(this.statuses());
        }),
      );
    }
    await Promise.all(this.#readers.map((reader) => reader.open()));
  }

  /**
   * Closes every reader (stops retries, releases devices); resolves when all are released, then
   * publishes the final statuses once. Nothing a reader does after close() starts is forwarded.
   * Never rejects; safe to call twice.
   */
  async close(): Promise<void> {
    if (!this.#isOpen) return;
    this.#isOpen = false;
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
    await Promise.allSettled(this.#readers.map((reader) => reader.close()));
    this.#sinks.onStatusChanged(this.statuses());
  }

  /** The keyboard wedge's status, then each reader's (state, detail, reads, rejected). */
  statuses(): ReaderStatus[] {
    return [...readerStatuses(this.#config), ...this.#readers.map((reader) => reader.status())];
  }
}
