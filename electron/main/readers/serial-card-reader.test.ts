import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CardRead } from '#shared/domain/types';
import type { ReaderStatus } from '#shared/ipc/contract';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { backoffDelay } from './backoff';
import { SerialCardReader, type SerialReaderConfig } from './serial-card-reader';
import type { SerialPortInfo } from './serial-port';
import { PtyPair, nextValue } from './testing/pty-pair';

function serialConfig(overrides: Partial<SerialReaderConfig>): SerialReaderConfig {
  return { name: 'desk', format: 'auto', baudRate: 9600, debounceMs: 250, ...overrides };
}

/** A schedule that runs nothing by itself: the test sees each delay and fires it. */
function manualSchedule() {
  const pending: { ms: number; run: () => void; isCancelled: boolean }[] = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => {
      const entry = { ms, run, isCancelled: false };
      pending.push(entry);
      return () => {
        entry.isCancelled = true;
      };
    },
  };
}

describe('backoffDelay', () => {
  it('doubles from initialMs and caps at maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoffDelay(3, { initialMs: 20, maxMs: 100 })).toBe(100);
  });
});

describe('SerialCardReader without its port', () => {
  it('reports a missing path as disconnected and retries with growing delays until closed', async () => {
    const timer = manualSchedule();
    const reader = new SerialCardReader(serialConfig({ path: '/dev/coffee-no-such-port' }), {
      schedule: timer.schedule,
    });
    await reader.open();
    expect(reader.status()).toMatchObject({
      state: 'disconnected',
      detail: '/dev/coffee-no-such-port: not present',
    });
    for (let n = 1; n <= 7; n++) {
      const entry = timer.pending.at(-1);
      expect(entry?.ms).toBe(backoffDelay(n - 1));
      entry?.run();
      await vi.waitFor(() => {
        expect(timer.pending).toHaveLength(n + 1);
      });
    }
    await reader.close();
    expect(timer.pending.at(-1)?.isCancelled).toBe(true);
    expect(reader.status()).toMatchObject({ state: 'disconnected', detail: 'closed' });
  });

  it('says which USB id it is looking for when no port has it', async () => {
    const timer = manualSchedule();
    const reader = new SerialCardReader(serialConfig({ vendorId: '1A86', productId: '7523' }), {
      list: () => Promise.resolve([{ path: '/dev/ttyUSB9', vendorId: '0403', productId: '6001' }]),
      schedule: timer.schedule,
    });
    await reader.open();
    expect(reader.status()).toMatchObject({
      state: 'disconnected',
      detail: 'no serial port with USB id 1a86:7523',
    });
    await reader.close();
  });
});

describe('SerialCardReader auto-detection over a real pty', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await PtyPair.create();
  });
  afterAll(async () => {
    await pty.dispose();
  });

  it('finds its port by vendor and product id (either case) and reads from it', async () => {
    const ports: SerialPortInfo[] = [
      { path: '/dev/ttyUSB7', vendorId: '0403', productId: '6001' },
      { path: pty.readerPath, vendorId: '1a86', productId: '7523' },
    ];
    const reader = new SerialCardReader(serialConfig({ vendorId: '1A86', productId: '7523' }), {
      list: () => Promise.resolve(ports),
    });
    const statuses: ReaderStatus[] = [];
    reader.onStatus((s) => statuses.push(s));
    await reader.open();
    expect(reader.status()).toMatchObject({ state: 'connected', detail: pty.readerPath });
    const read = nextValue<CardRead>(
      (l) => reader.onCard(l),
      () => true,
      'a card read',
    );
    pty.write(rdm6300Frame('4B00423C15'));
    expect(await read).toMatchObject({ cardId: '4B00423C15', format: 'rdm6300', source: 'serial' });
    expect(reader.status().reads).toBe(1);
    await reader.close();
    expect(statuses.map((s) => s.state)).toEqual(['connected', 'connected', 'disconnected']);
  });
});
