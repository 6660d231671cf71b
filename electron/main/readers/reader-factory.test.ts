import { describe, expect, it } from 'vitest';
import { KioskConfigSchema } from '#shared/config/kiosk-config';
import { createCardReaders } from './reader-factory';
import { HidCardReader } from './hid-card-reader';
import { SerialCardReader } from './serial-card-reader';
import { FakeHidDevice, hidInfo } from './testing/fake-hid-device';

const readersConfig = KioskConfigSchema.shape.readers.parse({
  serial: [
    { name: 'front desk', path: '/dev/ttyUSB0' },
    { name: 'side door', vendorId: '1a86', productId: '7523', format: 'rdm6300' },
  ],
  hid: [{ name: 'hid desk', vendorId: '08ff', productId: '0009' }],
});

describe('createCardReaders', () => {
  it('builds one reader per serial and HID entry, in config order, unopened', () => {
    const readers = createCardReaders(readersConfig);
    expect(readers.map((r) => [r.name, r.constructor])).toEqual([
      ['front desk', SerialCardReader],
      ['side door', SerialCardReader],
      ['hid desk', HidCardReader],
    ]);
    expect(readers.map((r) => r.status())).toEqual([
      { name: 'front desk', kind: 'serial', state: 'disconnected', reads: 0, rejected: 0 },
      { name: 'side door', kind: 'serial', state: 'disconnected', reads: 0, rejected: 0 },
      { name: 'hid desk', kind: 'hid', state: 'disconnected', reads: 0, rejected: 0 },
    ]);
  });

  it('passes the injected services to the readers it builds', async () => {
    const device = new FakeHidDevice();
    const [hid] = createCardReaders(
      { ...readersConfig, serial: [] },
      { hid: { devices: () => Promise.resolve([hidInfo()]), open: () => Promise.resolve(device) } },
    );
    await hid?.open();
    expect(hid?.status().state).toBe('connected');
    await hid?.close();
    expect(device.isClosed).toBe(true);
  });

  it('builds nothing for a config without serial or HID readers', () => {
    expect(createCardReaders(KioskConfigSchema.shape.readers.parse({}))).toEqual([]);
  });
});
