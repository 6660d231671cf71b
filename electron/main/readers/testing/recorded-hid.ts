import recorded from '#test/fixtures/hid-reports.json' with { type: 'json' };
import { bytesOf } from '#shared/readers/frame-builders';
import type { HidDeviceInfo, HidDevice } from '../hid-device';
import { FakeHidDevice } from './fake-hid-device';

/**
 * The recorded HID report streams of `test/fixtures/hid-reports.json`, played at the node-hid
 * boundary: a device list, an `open` that hands out FakeHidDevices, and a clock that tells the
 * time each recorded report arrived. Used by the setup's HID learning tests and by the HidCardReader
 * read-back of what was learnt.
 */

export type RecordedStream = (typeof recorded.streams)[number];
export type RecordedDeviceName = keyof typeof recorded.devices;

export const RECORDED_STREAMS: readonly RecordedStream[] = recorded.streams;

/** The enumeration entry of a recorded device. */
export function recordedDevice(name: string): HidDeviceInfo {
  const info = (recorded.devices as Record<string, HidDeviceInfo | undefined>)[name];
  if (info === undefined) throw new Error(`no recorded HID device ${name}`);
  return info;
}

/** A keyboard, a mouse and a FIDO key, as every kiosk PC lists them: never opened for learning. */
export const DESK_DEVICES: readonly HidDeviceInfo[] = [
  { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', usagePage: 1, usage: 6 },
  { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw1', usagePage: 1, usage: 2 },
  { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw4', usagePage: 0xf1d0, usage: 1 },
];

/** The node-hid boundary over recorded devices. */
export class RecordedHid {
  now = 0;
  readonly opened = new Map<string, FakeHidDevice>();
  readonly openedPaths: string[] = [];
  /** Paths whose open fails, as a busy device or one without permission does. */
  readonly refused = new Set<string>();
  readonly #infos: HidDeviceInfo[];

  constructor(infos: readonly HidDeviceInfo[]) {
    this.#infos = [...infos];
  }

  readonly devices = (): Promise<HidDeviceInfo[]> => Promise.resolve([...this.#infos]);

  readonly open = (path: string): Promise<HidDevice> => {
    this.openedPaths.push(path);
    if (this.refused.has(path)) return Promise.reject(new Error(`cannot open ${path}`));
    const device = new FakeHidDevice();
    this.opened.set(path, device);
    return Promise.resolve(device);
  };

  readonly clock = (): number => this.now;

  /** The device opened last at `path`. */
  device(path: string): FakeHidDevice {
    const device = this.opened.get(path);
    if (device === undefined) throw new Error(`${path} was not opened`);
    return device;
  }

  /**
   * Sends the recorded reports on the device at `path`, each at its recorded time after `from`;
   * stops when the device was closed meanwhile (the learner answered).
   */
  play(path: string, reports: readonly { at: number; bytes: string }[], from = 0): void {
    const device = this.device(path);
    for (const report of reports) {
      if (device.isClosed) return;
      this.now = from + report.at;
      device.sendReport(bytesOf(report.bytes));
    }
  }
}
