import { describe, expect, it } from 'vitest';
import type { ReaderStatus } from '#shared/ipc/contract';
import { backoffDelay } from './backoff';
import { ReconnectingReader, type ConnectOutcome } from './reconnecting-reader';

/**
 * The lifecycle on its own, through the smallest subclass: each connect() awaits an outcome the
 * test settles, so the races (close or reopen while an attempt is pending) are played exactly.
 * The serial (pty) and HID (recorded reports) tests check the same lifecycle on real readers.
 */

interface Device {
  readonly path: string;
  isReleased: boolean;
  lose?: (reason: string) => void;
  emit?: (byte: number) => void;
}

function device(path: string): Device {
  return { path, isReleased: false };
}

class TestReader extends ReconnectingReader<Device> {
  readonly attempts: ((outcome: ConnectOutcome<Device> | Error) => void)[] = [];
  readonly received: [string, number][] = [];

  constructor(
    readonly timers: { ms: number; run: () => void; isCancelled: boolean }[],
    readonly logged: string[],
  ) {
    super('desk', 'serial', {
      backoff: { initialMs: 10, maxMs: 40 },
      schedule: (run, ms) => {
        const timer = { ms, run, isCancelled: false };
        timers.push(timer);
        return () => {
          timer.isCancelled = true;
        };
      },
      log: (message) => logged.push(message),
    });
  }

  protected override connect(): Promise<ConnectOutcome<Device>> {
    return new Promise((resolve, reject) => {
      this.attempts.push((outcome) => {
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
    });
  }

  protected override attach(connection: Device, lost: (detail: string) => void): void {
    connection.lose = lost;
    connection.emit = (byte) => {
      if (this.isCurrent(connection)) this.received.push([connection.path, byte]);
    };
  }

  protected override release(connection: Device): Promise<void> {
    connection.isReleased = true;
    return Promise.resolve();
  }
}

function setup() {
  const timers: { ms: number; run: () => void; isCancelled: boolean }[] = [];
  const logged: string[] = [];
  const reader = new TestReader(timers, logged);
  const statuses: ReaderStatus[] = [];
  reader.onStatus((s) => statuses.push(s));
  /** Settles the pending attempt number `n` (0-based) once connect() has been called for it. */
  const settle = async (n: number, outcome: ConnectOutcome<Device> | Error): Promise<void> => {
    await expect.poll(() => reader.attempts.length).toBeGreaterThan(n);
    reader.attempts[n]?.(outcome);
  };
  return { reader, timers, logged, statuses, settle };
}

const connected = (d: Device): ConnectOutcome<Device> => ({
  kind: 'connected',
  connection: d,
  detail: d.path,
});
const missing: ConnectOutcome<Device> = {
  kind: 'failed',
  state: 'disconnected',
  detail: '/dev/ttyUSB0: not present',
};

describe('ReconnectingReader', () => {
  it('retries a failed attempt with growing delays and logs the first outcome and each change only', async () => {
    const t = setup();
    const opened = t.reader.open();
    await t.settle(0, missing);
    await opened;
    for (let n = 1; n <= 3; n++) {
      expect(t.timers.at(-1)?.ms).toBe(backoffDelay(n - 1, { initialMs: 10, maxMs: 40 }));
      t.timers.at(-1)?.run();
      await t.settle(n, missing);
      await expect.poll(() => t.timers.length).toBe(n + 1);
    }
    expect(t.timers.map((x) => x.ms)).toEqual([10, 20, 40, 40]);
    const usb0 = device('/dev/ttyUSB0');
    t.timers.at(-1)?.run();
    await t.settle(4, connected(usb0));
    await expect.poll(() => t.reader.status().state).toBe('connected');
    expect(t.logged).toEqual([
      'reader desk: disconnected (/dev/ttyUSB0: not present)',
      'reader desk: connected (/dev/ttyUSB0)',
    ]);
    await t.reader.close();
    expect(usb0.isReleased).toBe(true);
    expect(t.logged.at(-1)).toBe('reader desk: disconnected (closed)');
  });

  it('turns a rejected attempt into an error status that is retried', async () => {
    const t = setup();
    const opened = t.reader.open();
    await t.settle(0, new Error('EACCES: permission denied'));
    await opened;
    expect(t.reader.status()).toMatchObject({
      state: 'error',
      detail: 'EACCES: permission denied',
    });
    expect(t.timers).toHaveLength(1);
    await t.reader.close();
    expect(t.timers[0]?.isCancelled).toBe(true);
  });

  it('names the device when it is lost, releases it, drops its data and retries from the first delay', async () => {
    const t = setup();
    const first = device('/dev/ttyACM0');
    const opened = t.reader.open();
    await t.settle(0, connected(first));
    await opened;
    first.emit?.(1);
    first.lose?.('the device hung up');
    expect(t.reader.status()).toMatchObject({
      state: 'disconnected',
      detail: '/dev/ttyACM0: the device hung up',
    });
    expect(first.isReleased).toBe(true);
    first.emit?.(2);
    first.lose?.('again');
    expect(t.timers.map((x) => x.ms)).toEqual([10]);

    const second = device('/dev/ttyACM0');
    t.timers[0]?.run();
    await t.settle(1, connected(second));
    await expect.poll(() => t.reader.status().state).toBe('connected');
    second.emit?.(3);
    second.lose?.('unplugged');
    expect(t.timers.map((x) => x.ms)).toEqual([10, 10]);
    expect(t.reader.received).toEqual([
      ['/dev/ttyACM0', 1],
      ['/dev/ttyACM0', 3],
    ]);
    expect(t.logged).toEqual([
      'reader desk: connected (/dev/ttyACM0)',
      'reader desk: disconnected (/dev/ttyACM0: the device hung up)',
      'reader desk: connected (/dev/ttyACM0)',
      'reader desk: disconnected (/dev/ttyACM0: unplugged)',
    ]);
    await t.reader.close();
  });

  it('does not retry a refused device', async () => {
    const t = setup();
    const opened = t.reader.open();
    await t.settle(0, { kind: 'refused', state: 'owned-by-os', detail: '08ff:0009 is a keyboard' });
    await opened;
    expect(t.reader.status()).toMatchObject({ state: 'owned-by-os' });
    expect(t.timers).toHaveLength(0);
  });

  it('releases a device that opens after close() and keeps the closed status', async () => {
    const t = setup();
    const late = device('/dev/ttyUSB1');
    const opened = t.reader.open();
    await expect.poll(() => t.reader.attempts.length).toBe(1);
    await t.reader.close();
    await t.settle(0, connected(late));
    await opened;
    expect(late.isReleased).toBe(true);
    expect(t.reader.status()).toMatchObject({ state: 'disconnected', detail: 'closed' });
    expect(t.timers).toHaveLength(0);
    late.emit?.(7);
    expect(t.reader.received).toEqual([]);
  });

  it('keeps only the connection of the latest open() when an earlier attempt settles late', async () => {
    const t = setup();
    const stale = device('/dev/ttyUSB2');
    const fresh = device('/dev/ttyUSB3');
    const first = t.reader.open();
    await expect.poll(() => t.reader.attempts.length).toBe(1);
    await t.reader.close();
    const second = t.reader.open();
    await t.settle(1, connected(fresh));
    await second;
    await t.settle(0, connected(stale));
    await first;
    expect(stale.isReleased).toBe(true);
    expect(fresh.isReleased).toBe(false);
    expect(t.reader.status()).toMatchObject({ state: 'connected', detail: '/dev/ttyUSB3' });
    stale.emit?.(1);
    fresh.emit?.(2);
    expect(t.reader.received).toEqual([['/dev/ttyUSB3', 2]]);
    await t.reader.close();
    expect(fresh.isReleased).toBe(true);
  });
});
