import { describe, expect, it } from 'vitest';
import type { SyncRequested } from '#shared/ipc/contract';
import { createSyncScheduler, kioskHash, parseWindow, type SchedulerTimers } from './scheduler';

/** Timers driven by `advance`, firing in due order with the clock set to each due time. */
class ManualClock implements SchedulerTimers {
  now: number;
  private pending: { at: number; run: () => void; id: number }[] = [];
  private nextId = 0;
  constructor(start: number) {
    this.now = start;
  }
  set(run: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.pending.push({ at: this.now + ms, run, id });
    return () => {
      this.pending = this.pending.filter((p) => p.id !== id);
    };
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending[0];
      if (next === undefined || next.at > end) break;
      this.pending.shift();
      this.now = next.at;
      next.run();
    }
    this.now = end;
  }
}

function setup(kioskId = 'mons-desk-1', window = '02:00-04:00', timeZone = 'Europe/Brussels') {
  const clock = new ManualClock(Date.UTC(2025, 2, 10, 12, 0, 0));
  const emitted: (SyncRequested & { at: number })[] = [];
  const scheduler = createSyncScheduler({
    kioskId,
    nightlyWindow: window,
    timeZone,
    clock: () => clock.now,
    timers: clock,
    emit: (r) => emitted.push({ ...r, at: clock.now }),
  });
  return { clock, emitted, scheduler };
}

function brusselsTime(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

describe('sync scheduler', () => {
  it('parses windows, including one across midnight', () => {
    expect(parseWindow('02:00-04:00')).toEqual({ start: 120, length: 120 });
    expect(parseWindow('23:30-00:30')).toEqual({ start: 1410, length: 60 });
    expect(() => parseWindow('2-4')).toThrow(RangeError);
  });

  it('fires once a night inside the window, at the same per-kiosk instant', () => {
    const { clock, emitted, scheduler } = setup();
    scheduler.start();
    clock.advance(3 * 24 * 3600_000);
    expect(emitted.map((e) => e.reason)).toEqual(['nightly', 'nightly', 'nightly']);
    const times = emitted.map((e) => brusselsTime(e.at));
    for (const t of times) expect(t >= '02:00' && t < '04:00').toBe(true);
    expect(new Set(times).size).toBe(1);
    const gaps = emitted.slice(1).map((e, i) => e.at - (emitted[i]?.at ?? 0));
    expect(gaps).toEqual([24 * 3600_000, 24 * 3600_000]);
  });

  it('spreads kiosks over the window by their id', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `kiosk-${i}`);
    const from = Date.UTC(2025, 2, 10, 12, 0, 0);
    const instants = ids.map((id) => setup(id).scheduler.nextNightlyAt(from));
    expect(new Set(instants).size).toBeGreaterThan(40);
    for (const at of instants) {
      expect(brusselsTime(at) >= '02:00' && brusselsTime(at) < '04:00').toBe(true);
    }
    expect(kioskHash('a')).toBe(kioskHash('a'));
  });

  it('keeps the local wall time across a daylight-saving change', () => {
    // Brussels moves from UTC+1 to UTC+2 on 2025-03-30 at 02:00 local.
    const { scheduler } = setup('mons-desk-1', '05:00-05:00');
    const before = scheduler.nextNightlyAt(Date.UTC(2025, 2, 28, 12, 0, 0));
    const after = scheduler.nextNightlyAt(Date.UTC(2025, 2, 29, 12, 0, 0));
    expect([brusselsTime(before), brusselsTime(after)]).toEqual(['05:00', '05:00']);
    expect(after - before).toBe(23 * 3600_000);
  });

  it('handles a window across midnight in UTC', () => {
    const { scheduler } = setup('k-1', '23:30-00:30', 'UTC');
    const at = scheduler.nextNightlyAt(Date.UTC(2025, 2, 10, 12, 0, 0));
    const minutes = new Date(at).getUTCHours() * 60 + new Date(at).getUTCMinutes();
    expect(minutes >= 1410 || minutes < 30).toBe(true);
    expect(at - Date.UTC(2025, 2, 10, 12, 0, 0)).toBeLessThan(13 * 3600_000);
  });

  it('emits reconnect on an offline → online transition only', () => {
    const { emitted, scheduler } = setup();
    scheduler.start();
    scheduler.notifyOnline(true);
    scheduler.notifyOnline(true);
    scheduler.notifyOnline(false);
    scheduler.notifyOnline(false);
    scheduler.notifyOnline(true);
    expect(emitted.map((e) => e.reason)).toEqual(['reconnect']);
  });

  it('emits manual requests, and nothing once stopped', () => {
    const { clock, emitted, scheduler } = setup();
    scheduler.requestNow('manual');
    expect(emitted).toEqual([]);
    scheduler.start();
    scheduler.requestNow('manual');
    scheduler.stop();
    scheduler.requestNow('manual');
    scheduler.notifyOnline(false);
    scheduler.notifyOnline(true);
    clock.advance(2 * 24 * 3600_000);
    expect(emitted.map((e) => e.reason)).toEqual(['manual']);
  });
});
