import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConfig, KioskConfigState } from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { CardRead } from '#shared/domain/types';
import type { ReaderStatus } from '#shared/ipc/contract';
import { bytesOf, rdm6300Frame } from '#shared/readers/frame-builders';
import { ReaderService } from './reader-service';
import { WEDGE_READER_NAME } from './reader-status';
import { FakeHidDevice, hidInfo } from './testing/fake-hid-device';
import { PtyPair, nextValue } from './testing/pty-pair';

/**
 * The service over real readers: a SerialCardReader on a socat pty pair, and a HidCardReader on
 * the typed fake HID device (no virtual HID device can be made here). Every wait is on an event,
 * bounded by nextValue's timeout, so a test cannot pass when the awaited event never fires.
 */

/** A vendor-defined 125 kHz HID reader's report for card 4B00423C15 (see hid-card-reader.test). */
const HID_REPORT = bytesOf('34 42 30 30 34 32 33 43 31 35 0D 00 00 00 00 00');
const HID_INFO = hidInfo({ vendorId: 0x08ff, productId: 0x0009 });

function configWith(readers: Partial<KioskConfig['readers']>): KioskConfigState {
  return {
    status: 'ok',
    isDemo: true,
    config: { ...DEMO_KIOSK_CONFIG, readers: { ...DEMO_KIOSK_CONFIG.readers, ...readers } },
  };
}

/** A rdm6300 frame with its checksum byte flipped. */
function badChecksumFrame(idHex: string): Uint8Array {
  const frame = rdm6300Frame(idHex);
  frame[12] = frame[12] === 0x30 ? 0x31 : 0x30;
  return frame;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const pty = await PtyPair.create();
  cleanups.push(() => pty.dispose());
  const devices: FakeHidDevice[] = [];
  const reads: CardRead[] = [];
  const published: ReaderStatus[][] = [];
  const logged: string[] = [];
  const readReceived = (cardId: string) =>
    nextValue<CardRead>(
      (listener) => service.readers[0]?.onCard(listener) ?? (() => undefined),
      (read) => read.cardId === cardId,
      `a read of ${cardId}`,
    );
  const service = ReaderService.fromConfig(
    configWith({
      serial: [
        {
          name: 'desk serial',
          path: pty.readerPath,
          format: 'auto',
          baudRate: 9600,
          debounceMs: 250,
        },
      ],
      hid: [
        { name: 'desk hid', vendorId: '08ff', productId: '0009', debounceMs: 250, layout: 'auto' },
      ],
    }),
    {
      onCardRead: (read) => reads.push(read),
      onStatusChanged: (statuses) => published.push(statuses),
      log: (message) => logged.push(message),
      readerDeps: {
        serial: { backoff: { initialMs: 20, maxMs: 100 } },
        hid: {
          devices: () => Promise.resolve([HID_INFO]),
          open: () => {
            const device = new FakeHidDevice();
            devices.push(device);
            return Promise.resolve(device);
          },
        },
      },
    },
  );
  cleanups.push(() => service.close());
  return { pty, service, devices, reads, published, logged, readReceived };
}

/** Resolves with the first published list whose reader `name` satisfies `predicate`. */
function publishedWhen(
  service: ReaderService,
  name: string,
  predicate: (status: ReaderStatus) => boolean,
  what: string,
): Promise<ReaderStatus> {
  const reader = service.readers.find((r) => r.name === name);
  if (reader === undefined) throw new Error(`no reader ${name}`);
  return nextValue<ReaderStatus>((listener) => reader.onStatus(listener), predicate, what);
}

describe('ReaderService', () => {
  it('opens every configured reader and lists them behind the wedge', async () => {
    const { pty, service, published, logged } = await setup();
    expect(service.statuses().map((s) => [s.name, s.kind, s.state])).toEqual([
      [WEDGE_READER_NAME, 'wedge', 'listening'],
      ['desk serial', 'serial', 'disconnected'],
      ['desk hid', 'hid', 'disconnected'],
    ]);
    await service.open();
    expect(service.statuses()).toEqual([
      { name: WEDGE_READER_NAME, kind: 'wedge', state: 'listening', reads: 0, rejected: 0 },
      {
        name: 'desk serial',
        kind: 'serial',
        state: 'connected',
        detail: pty.readerPath,
        reads: 0,
        rejected: 0,
      },
      {
        name: 'desk hid',
        kind: 'hid',
        state: 'connected',
        detail: `08ff:0009 at ${HID_INFO.path ?? ''}`,
        reads: 0,
        rejected: 0,
      },
    ]);
    expect(published.at(-1)).toEqual(service.statuses());
    expect(logged).toContain(`reader desk serial: connected (${pty.readerPath})`);
  });

  it('forwards serial and HID reads, once per presentation, and counts rejected frames', async () => {
    const { pty, service, devices, reads, published, readReceived } = await setup();
    await service.open();

    const serialRead = readReceived('14008EC793');
    pty.write(badChecksumFrame('307E4DE5C2'));
    for (let i = 0; i < 4; i += 1) pty.write(rdm6300Frame('14008EC793'));
    await serialRead;
    const sentinel = readReceived('ABCDEF0123');
    pty.write(rdm6300Frame('ABCDEF0123'));
    await sentinel;

    const hidStatus = publishedWhen(service, 'desk hid', (s) => s.reads === 1, 'a HID read');
    devices[0]?.sendReport(HID_REPORT);
    devices[0]?.sendReport(HID_REPORT);
    await hidStatus;

    expect(reads.map((r) => [r.cardId, r.source])).toEqual([
      ['14008EC793', 'serial'],
      ['ABCDEF0123', 'serial'],
      ['4B00423C15', 'hid'],
    ]);
    const last = published.at(-1);
    expect(last?.find((s) => s.name === 'desk serial')).toMatchObject({ reads: 2, rejected: 1 });
    expect(last?.find((s) => s.name === 'desk hid')).toMatchObject({ reads: 1, rejected: 0 });
    expect(last).toEqual(service.statuses());
  });

  it('keeps the wedge and the other readers while one is unplugged, and resumes it', async () => {
    const { pty, service, reads, published, logged, readReceived } = await setup();
    await service.open();

    const gone = publishedWhen(service, 'desk serial', (s) => s.state === 'disconnected', 'unplug');
    await pty.kill();
    expect((await gone).detail).toContain(pty.readerPath);
    const whileGone = published.at(-1);
    expect(whileGone?.map((s) => s.state)).toEqual(['listening', 'disconnected', 'connected']);
    expect(logged.filter((l) => l.startsWith('reader desk serial:'))).toEqual([
      `reader desk serial: connected (${pty.readerPath})`,
      expect.stringMatching(
        new RegExp(`^reader desk serial: disconnected \\(${pty.readerPath}: .+\\)$`),
      ),
    ]);

    const back = publishedWhen(service, 'desk serial', (s) => s.state === 'connected', 'replug');
    await pty.start();
    await back;
    const read = readReceived('14008EC793');
    pty.write(rdm6300Frame('14008EC793'));
    await read;
    expect(reads.map((r) => r.cardId)).toEqual(['14008EC793']);
  });

  it('reports only the wedge for an invalid config, and a wedge disabled by config', async () => {
    const invalid = ReaderService.fromConfig(
      {
        status: 'invalid',
        path: '/x/kiosk.json',
        error: { code: 'config-not-json', message: 'x' },
      },
      { onCardRead: () => undefined, onStatusChanged: () => undefined },
    );
    await invalid.open();
    expect(invalid.readers).toEqual([]);
    expect(invalid.statuses().map((s) => s.name)).toEqual([WEDGE_READER_NAME]);
    await invalid.close();

    const noWedge = ReaderService.fromConfig(
      configWith({ wedge: { ...DEMO_KIOSK_CONFIG.readers.wedge, enabled: false } }),
      { onCardRead: () => undefined, onStatusChanged: () => undefined },
    );
    expect(noWedge.statuses()).toEqual([
      { name: WEDGE_READER_NAME, kind: 'wedge', state: 'disabled', reads: 0, rejected: 0 },
    ]);
  });

  it('closes every reader, publishes the final list once and forwards nothing after', async () => {
    const { pty, service, devices, reads, published } = await setup();
    await service.open();
    const before = published.length;
    await service.close();
    expect(devices[0]?.isClosed).toBe(true);
    expect(published.length).toBe(before + 1);
    expect(published.at(-1)?.slice(1)).toEqual([
      expect.objectContaining({ state: 'disconnected', detail: 'closed' }),
      expect.objectContaining({ state: 'disconnected', detail: 'closed' }),
    ]);
    pty.write(rdm6300Frame('14008EC793'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual([]);
    await service.close();
    expect(published.length).toBe(before + 1);
  });
});
