import { describe, expect, it } from 'vitest';
import type { CardRead } from '#shared/domain/types';
import type { ReaderStatus } from '#shared/ipc/contract';
import { bytesOf } from '#shared/readers/frame-builders';
import type { ReaderRejection } from './card-reader';
import { HidCardReader, type HidReaderConfig } from './hid-card-reader';
import type { HidDeviceInfo } from './hid-device';
import { FakeHidDevice, hidInfo } from './testing/fake-hid-device';

/**
 * Reports as a vendor-defined 125 kHz reader sends them while card 4B00423C15 lies on it and is
 * lifted (an all-zero idle report), then a MIFARE card in the length-prefixed layout, a report of
 * an all-zero id and a report of no known layout.
 */
const RECORDED = {
  asciiEm: bytesOf('34 42 30 30 34 32 33 43 31 35 0D 00 00 00 00 00'),
  idle: bytesOf('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'),
  mifare: bytesOf('04 E4 3A C9 D2 00 00 00'),
  zeroId: bytesOf('05 00 00 00 00 00 00 00'),
  garbage: bytesOf('00 00 27 1E 00 00 00 00'),
};

const config: HidReaderConfig = {
  name: 'hid desk',
  vendorId: '08FF',
  productId: '0009',
  debounceMs: 250,
  layout: 'auto',
};

function setup(infos: HidDeviceInfo[] = [hidInfo()], settings: Partial<HidReaderConfig> = {}) {
  let now = 5_000;
  const opened: FakeHidDevice[] = [];
  const openedPaths: string[] = [];
  const retries: { ms: number; run: () => void }[] = [];
  const enumeration = { infos, openError: null as Error | null };
  const reader = new HidCardReader(
    { ...config, ...settings },
    {
      devices: () => Promise.resolve(enumeration.infos),
      open: (path) => {
        if (enumeration.openError !== null) return Promise.reject(enumeration.openError);
        const device = new FakeHidDevice();
        opened.push(device);
        openedPaths.push(path);
        return Promise.resolve(device);
      },
      clock: () => now,
      schedule: (run, ms) => {
        retries.push({ ms, run });
        return () => undefined;
      },
    },
  );
  const reads: CardRead[] = [];
  const rejections: ReaderRejection[] = [];
  const statuses: ReaderStatus[] = [];
  reader.onCard((r) => reads.push(r));
  reader.onRejected((r) => rejections.push(r));
  reader.onStatus((s) => statuses.push(s));
  const device = (): FakeHidDevice => {
    const last = opened.at(-1);
    if (last === undefined) throw new Error('no device was opened');
    return last;
  };
  const advance = (ms: number): void => {
    now += ms;
  };
  return {
    reader,
    reads,
    rejections,
    statuses,
    opened,
    openedPaths,
    retries,
    enumeration,
    device,
    advance,
  };
}

describe('HidCardReader with recorded reports', () => {
  it('decodes, debounces and counts the reports of a held card, another card and bad reports', async () => {
    const t = setup();
    await t.reader.open();
    expect(t.reader.status()).toMatchObject({
      state: 'connected',
      detail: '08ff:0009 at /dev/hidraw3',
    });
    for (let i = 0; i < 5; i++) {
      t.device().sendReport(RECORDED.asciiEm);
      t.advance(100);
    }
    t.device().sendReport(RECORDED.idle);
    t.device().sendReport(RECORDED.mifare);
    t.device().sendReport(RECORDED.zeroId);
    t.device().sendReport(RECORDED.garbage);
    t.advance(1000);
    t.device().sendReport(RECORDED.asciiEm);
    expect(t.reads).toEqual([
      { cardId: '4B00423C15', format: 'hid-ascii', source: 'hid', at: 5_000 },
      { cardId: 'E43AC9D2', format: 'hid-length-prefixed', source: 'hid', at: 5_500 },
      { cardId: '4B00423C15', format: 'hid-ascii', source: 'hid', at: 6_500 },
    ]);
    expect(t.rejections).toEqual([
      { reason: 'all-zero', format: 'hid-length-prefixed', at: 5_500 },
      { reason: 'malformed', at: 5_500 },
    ]);
    expect(t.reader.status()).toMatchObject({ reads: 3, rejected: 2 });
    await t.reader.close();
    expect(t.device().isClosed).toBe(true);
  });

  it('prefers the vendor-defined interface of a reader that also has a keyboard one', async () => {
    const t = setup([
      hidInfo({ path: '/dev/hidraw1', usagePage: 1, usage: 6, interface: 0 }),
      hidInfo({ path: '/dev/hidraw2', interface: 1 }),
    ]);
    await t.reader.open();
    expect(t.openedPaths).toEqual(['/dev/hidraw2']);
    await t.reader.close();
  });

  it('opens the interface, reads the report id and the layout its config names (learnt in setup)', async () => {
    const t = setup(
      [
        hidInfo({ path: '/dev/hidraw1', interface: 0 }),
        hidInfo({ path: '/dev/hidraw2', interface: 1 }),
      ],
      { interface: 1, reportId: 2, layout: 'ascii' },
    );
    await t.reader.open();
    expect(t.openedPaths).toEqual(['/dev/hidraw2']);
    t.device().sendReport(bytesOf('03 01 00 00 00 00 00 00 00'));
    t.device().sendReport(bytesOf('02 05 4B 00 42 3C 15 00 00'));
    t.device().sendReport(bytesOf('02 34 42 30 30 34 32 33 43 31 35 0D 00'));
    expect(t.reads.map((r) => [r.cardId, r.format])).toEqual([['4B00423C15', 'hid-ascii']]);
    expect(t.rejections).toEqual([
      { reason: 'malformed', format: 'hid-length-prefixed', at: 5_000 },
    ]);
    await t.reader.close();
  });

  it('reports a keyboard-only reader as owned by the OS, telling the installer to use it as a wedge', async () => {
    const t = setup([hidInfo({ usagePage: 1, usage: 6 })]);
    await t.reader.open();
    const status = t.reader.status();
    expect(status.state).toBe('owned-by-os');
    expect(status.detail).toContain('keyboard-wedge');
    expect(t.opened).toHaveLength(0);
    expect(t.retries).toHaveLength(0);
  });

  it('explains an open failure and retries', async () => {
    const t = setup();
    t.enumeration.openError = new Error('cannot open device with path /dev/hidraw3');
    await t.reader.open();
    expect(t.reader.status().state).toBe('error');
    expect(t.reader.status().detail).toContain('70-coffee-kiosk-readers.rules');
    expect(t.retries.map((r) => r.ms)).toEqual([250]);
    t.enumeration.openError = null;
    t.retries[0]?.run();
    await expect.poll(() => t.reader.status().state).toBe('connected');
    await t.reader.close();
  });

  it('goes disconnected on unplug and reconnects with backoff when the device is back', async () => {
    const t = setup();
    await t.reader.open();
    const first = t.device();
    const enumerated = t.enumeration.infos;
    t.enumeration.infos = [];
    first.unplug();
    expect(t.reader.status()).toMatchObject({
      state: 'disconnected',
      detail: '08ff:0009 at /dev/hidraw3: could not read from HID device',
    });
    expect(first.isClosed).toBe(true);
    t.retries.at(-1)?.run();
    await expect.poll(() => t.retries.length).toBe(2);
    expect(t.retries.map((r) => r.ms)).toEqual([250, 500]);
    expect(t.reader.status().detail).toBe('no HID device 08ff:0009');

    t.enumeration.infos = enumerated;
    t.retries.at(-1)?.run();
    await expect.poll(() => t.reader.status().state).toBe('connected');
    t.device().sendReport(RECORDED.mifare);
    expect(t.reads.map((r) => r.cardId)).toEqual(['E43AC9D2']);
    expect(t.statuses.map((s) => s.state)).toEqual([
      'connected',
      'disconnected',
      'disconnected',
      'connected',
      'connected',
    ]);
    await t.reader.close();
  });
});
