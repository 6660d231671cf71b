import { EventEmitter } from 'node:events';
import type { HidDevice, HidDeviceInfo } from '../hid-device';

/**
 * A typed fake of node-hid's HID.HID for the boundary no real part reaches here (no virtual HID
 * device can be made in CI). It behaves like the real one: reports arrive as `data` Buffers, an
 * unplug is an `error` event after which reads stop, and close() throws when already closed.
 */
export class FakeHidDevice extends EventEmitter implements HidDevice {
  isClosed = false;

  /** Delivers one input report, as node-hid does for each interrupt transfer. */
  sendReport(report: Uint8Array): void {
    if (this.isClosed) throw new Error('cannot send a report on a closed device');
    this.emit('data', Buffer.from(report));
  }

  /** What node-hid emits when the device is unplugged while open. */
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }

  close(): void {
    if (this.isClosed) throw new Error('device already closed');
    this.isClosed = true;
    this.removeAllListeners();
  }
}

/** A HID enumeration entry for tests, vendor-defined (not a keyboard) unless overridden. */
export function hidInfo(overrides: Partial<HidDeviceInfo> = {}): HidDeviceInfo {
  return {
    vendorId: 0x08ff,
    productId: 0x0009,
    path: '/dev/hidraw3',
    product: 'RFID reader',
    usagePage: 0xff00,
    usage: 0x01,
    interface: 0,
    ...overrides,
  };
}
