import type { z } from 'zod';
import type { HidReaderSchema } from '#shared/config/kiosk-config';
import { Debouncer } from '#shared/readers/debouncer';
import { HidReportStream } from '#shared/readers/hid-report-stream';
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
import {
  DEFAULT_RECONNECT_DEPS,
  ReconnectingReader,
  type ConnectOutcome,
  type ReconnectDeps,
} from './reconnecting-reader';

/** One `readers.hid[]` entry of the kiosk config, defaults applied. */
export type HidReaderConfig = z.output<typeof HidReaderSchema>;

/** The OS services a HID reader uses; tests inject a fake device list and device. */
export interface HidReaderDeps extends ReconnectDeps {
  readonly devices: ListHidDevices;
  readonly open: OpenHidDevice;
  readonly clock: () => number;
}

const DEFAULT_DEPS: HidReaderDeps = {
  ...DEFAULT_RECONNECT_DEPS,
  devices: listHidDevices,
  open: openHidDevice,
  clock: () => Date.now(),
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A raw-HID card reader chosen by USB vendor/product id (and interface, when the config names
 * one). Reports are decoded in shared/readers (hid-report-stream.ts, in the config's layout and
 * report id) and debounced; reads carry format `hid-ascii`, `hid-length-prefixed` or
 * `hid-keyboard-usage`. A reader
 * whose only interface is a keyboard gets status `owned-by-os` (the OS types its ids: it is a
 * wedge reader) and is not retried. Otherwise its lifecycle is ReconnectingReader's: a missing,
 * unopenable or unplugged device is retried with backoff until close(); open() never rejects.
 */
export class HidCardReader extends ReconnectingReader<HidDevice> {
  readonly #deps: HidReaderDeps;
  readonly #debouncer: Debouncer;
  readonly #usbId: string;
  readonly #stream: HidReportStream;
  readonly #interface: number | undefined;

  constructor(config: HidReaderConfig, deps: Partial<HidReaderDeps> = {}) {
    const merged = { ...DEFAULT_DEPS, ...deps };
    super(config.name, 'hid', merged);
    this.#deps = merged;
    this.#debouncer = new Debouncer(config.debounceMs);
    this.#usbId = `${config.vendorId}:${config.productId}`.toLowerCase();
    this.#stream = new HidReportStream({ layout: config.layout, reportId: config.reportId });
    this.#interface = config.interface;
  }

  protected override async connect(): Promise<ConnectOutcome<HidDevice>> {
    let infos: HidDeviceInfo[];
    try {
      infos = await this.#deps.devices();
    } catch (error) {
      return {
        kind: 'failed',
        state: 'error',
        detail: `cannot list HID devices: ${messageOf(error)}`,
      };
    }
    const matching = infos.filter(
      (d) =>
        usbIdOf(d.vendorId, d.productId) === this.#usbId &&
        d.path !== undefined &&
        (this.#interface === undefined || d.interface === this.#interface),
    );
    if (matching.length === 0) {
      return { kind: 'failed', state: 'disconnected', detail: `no HID device ${this.#usbId}` };
    }
    const path = matching
      .filter((d) => !isKeyboard(d))
      .map((d) => d.path ?? '')
      .sort()[0];
    if (path === undefined) {
      return {
        kind: 'refused',
        state: 'owned-by-os',
        detail:
          `${this.#usbId} is a keyboard: the OS owns it and types its card ids. ` +
          'Use it as a keyboard-wedge reader (readers.wedge) and remove it from readers.hid.',
      };
    }
    try {
      const connection = await this.#deps.open(path);
      return { kind: 'connected', connection, detail: `${this.#usbId} at ${path}` };
    } catch (error) {
      return {
        kind: 'failed',
        state: 'error',
        detail:
          `cannot open ${this.#usbId} at ${path}: ${messageOf(error)}. On Linux install ` +
          'build/udev/70-coffee-kiosk-readers.rules and replug the reader; a reader that types ' +
          'into a text field is a keyboard: use it as a keyboard-wedge reader.',
      };
    }
  }

  protected override attach(device: HidDevice, lost: (detail: string) => void): void {
    this.#debouncer.reset();
    this.#stream.reset();
    device.on('data', (report) => {
      if (this.isCurrent(device)) this.#onReport(report);
    });
    device.on('error', (error) => {
      lost(error.message);
    });
  }

  /** node-hid throws when closing a device already gone: then there is nothing to release. */
  protected override release(device: HidDevice): Promise<void> {
    try {
      device.close();
    } catch {
      // The device vanished with the unplug.
    }
    return Promise.resolve();
  }

  #onReport(report: Uint8Array): void {
    const at = this.#deps.clock();
    const result = this.#stream.push(report, at);
    if (result.kind === 'idle' || result.kind === 'pending' || result.kind === 'other-report') {
      return;
    }
    if (result.kind === 'rejected') {
      const format = result.layout === undefined ? {} : { format: `hid-${result.layout}` };
      this.signals.rejected({ reason: result.reason, at, ...format });
      return;
    }
    if (!this.#debouncer.accept(result.cardId, at)) return;
    this.signals.card({
      cardId: result.cardId,
      format: `hid-${result.layout}`,
      source: 'hid',
      at,
    });
  }
}
