import type { z } from 'zod';
import type { HidReaderSchema } from '#shared/config/kiosk-config';
import type { CardRead } from '#shared/domain/types';
import type { ReaderStatus } from '#shared/ipc/contract';
import { Debouncer } from '#shared/readers/debouncer';
import { decodeHidReport } from '#shared/readers/hid-report';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  scheduleWithTimers,
  type BackoffOptions,
  type Schedule,
} from './backoff';
import { ReaderSignals, type CardReader, type ReaderRejection } from './card-reader';
import {
  isKeyboard,
  listHidDevices,
  openHidDevice,
  usbIdOf,
  type HidDevice,
  type HidDeviceInfo,
  type ListHidDevices,
  type OpenHidDevice,
} from './hid-device';

/** One `readers.hid[]` entry of the kiosk config, defaults applied. */
export type HidReaderConfig = z.output<typeof HidReaderSchema>;

/** The OS services a HID reader uses; tests inject a fake device list and device. */
export interface HidReaderDeps {
  readonly devices: ListHidDevices;
  readonly open: OpenHidDevice;
  readonly clock: () => number;
  readonly schedule: Schedule;
  readonly backoff: BackoffOptions;
}

const DEFAULT_DEPS: HidReaderDeps = {
  devices: listHidDevices,
  open: openHidDevice,
  clock: () => Date.now(),
  schedule: scheduleWithTimers,
  backoff: DEFAULT_BACKOFF,
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A raw-HID card reader chosen by USB vendor/product id. Reports are decoded in shared/readers
 * (hid-report.ts) and debounced; reads carry format `hid-ascii` or `hid-length-prefixed`. A reader
 * whose only interface is a keyboard gets status `owned-by-os` (the OS types its ids: it is a
 * wedge reader) and is not retried. A missing, unopenable or unplugged device is retried with
 * backoff until close(); open() never rejects.
 */
export class HidCardReader implements CardReader {
  readonly name: string;
  readonly #deps: HidReaderDeps;
  readonly #signals: ReaderSignals;
  readonly #debouncer: Debouncer;
  readonly #usbId: string;
  #device: HidDevice | null = null;
  #cancelRetry: (() => void) | null = null;
  #attempt = 0;
  #isWanted = false;

  constructor(config: HidReaderConfig, deps: Partial<HidReaderDeps> = {}) {
    this.name = config.name;
    this.#deps = { ...DEFAULT_DEPS, ...deps };
    this.#signals = new ReaderSignals(config.name, 'hid');
    this.#debouncer = new Debouncer(config.debounceMs);
    this.#usbId = `${config.vendorId}:${config.productId}`.toLowerCase();
  }

  async open(): Promise<void> {
    if (this.#isWanted) return;
    this.#isWanted = true;
    await this.#connect();
  }

  close(): Promise<void> {
    this.#isWanted = false;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    this.#release();
    this.#signals.setState('disconnected', 'closed');
    return Promise.resolve();
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

  async #connect(): Promise<void> {
    let infos: HidDeviceInfo[];
    try {
      infos = await this.#deps.devices();
    } catch (error) {
      this.#retry('error', `cannot list HID devices: ${messageOf(error)}`);
      return;
    }
    if (this.#isStopped()) return;
    const matching = infos.filter(
      (d) => usbIdOf(d.vendorId, d.productId) === this.#usbId && d.path !== undefined,
    );
    if (matching.length === 0) {
      this.#retry('disconnected', `no HID device ${this.#usbId}`);
      return;
    }
    const path = matching
      .filter((d) => !isKeyboard(d))
      .map((d) => d.path ?? '')
      .sort()[0];
    if (path === undefined) {
      this.#signals.setState(
        'owned-by-os',
        `${this.#usbId} is a keyboard: the OS owns it and types its card ids. ` +
          'Use it as a keyboard-wedge reader (readers.wedge) and remove it from readers.hid.',
      );
      return;
    }
    let device: HidDevice;
    try {
      device = await this.#deps.open(path);
    } catch (error) {
      this.#retry(
        'error',
        `cannot open ${this.#usbId} at ${path}: ${messageOf(error)}. On Linux install ` +
          'build/udev/70-coffee-kiosk-readers.rules and replug the reader; a reader that types ' +
          'into a text field is a keyboard: use it as a keyboard-wedge reader.',
      );
      return;
    }
    if (this.#isStopped()) {
      device.close();
      return;
    }
    this.#attach(device, path);
  }

  #attach(device: HidDevice, path: string): void {
    this.#device = device;
    this.#attempt = 0;
    this.#debouncer.reset();
    device.on('data', (report) => {
      if (this.#device === device) this.#onReport(report);
    });
    device.on('error', (error) => {
      if (this.#device !== device) return;
      this.#release();
      if (this.#isWanted)
        this.#retry('disconnected', `${this.#usbId} at ${path}: ${error.message}`);
    });
    this.#signals.setState('connected', `${this.#usbId} at ${path}`);
  }

  #onReport(report: Uint8Array): void {
    const at = this.#deps.clock();
    const result = decodeHidReport(report);
    if (result.kind === 'idle') return;
    if (result.kind === 'rejected') {
      const format = result.layout === undefined ? {} : { format: `hid-${result.layout}` };
      this.#signals.rejected({ reason: result.reason, at, ...format });
      return;
    }
    if (!this.#debouncer.accept(result.cardId, at)) return;
    this.#signals.card({
      cardId: result.cardId,
      format: `hid-${result.layout}`,
      source: 'hid',
      at,
    });
  }

  /** Closes the device if open; node-hid throws when closing a device already gone. */
  #release(): void {
    const device = this.#device;
    this.#device = null;
    if (device === null) return;
    try {
      device.close();
    } catch {
      // The device vanished with the unplug; there is nothing left to release.
    }
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
