import { describe, expect, it } from 'vitest';
import type { SyncRequested } from '#shared/ipc/contract';
import { NETWORK_ZONES, intlWall } from '#shared/time/test-support';
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

function setup(
  kioskId = 'mons-desk-1',
  window = '02:00-04:00',
  timeZone = 'Europe/Brussels',
  start = Date.UTC(2025, 2, 10, 12, 0, 0),
) {
  const clock = new ManualClock(start);
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

/** The wall clock "HH:MM" (or "HH:MM:SS") in `timeZone` at `ms`, read by Intl. */
function wallTime(ms: number, timeZone: string, withSeconds = false): string {
  return intlWall(ms, timeZone).time.slice(0, withSeconds ? 8 : 5);
}

function brusselsTime(ms: number): string {
  return wallTime(ms, 'Europe/Brussels');
}

/** The wall date "YYYY-MM-DD" in `timeZone` at `ms`. */
function wallDate(ms: number, timeZone: string): string {
  return intlWall(ms, timeZone).date;
}

/** A kiosk's own instant in `window` (HH:MM-HH:MM) as "HH:MM:SS": start + its hash spread. */
function targetOf(kioskId: string, window: string): string {
  const { start, length } = parseWindow(window);
  const second = start * 60 + (length === 0 ? 0 : kioskHash(kioskId) % (length * 60));
  return new Date((second % 86_400) * 1000).toISOString().slice(11, 19);
}

/** "HH:MM:SS" one hour later (for a wall time the spring change skips). */
function hourLater(hms: string): string {
  return new Date(Date.parse(`2000-01-01T${hms}Z`) + HOUR).toISOString().slice(11, 19);
}

/** The nightly requests of one kiosk over `days` days from `start`, as instants. */
function nights(kioskId: string, window: string, zone: string, start: number, days: number) {
  const { clock, emitted, scheduler } = setup(kioskId, window, zone, start);
  scheduler.start();
  clock.advance(days * DAY);
  scheduler.stop();
  expect(emitted.every((e) => e.reason === 'nightly')).toBe(true);
  return emitted.map((e) => e.at);
}

const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KIOSKS = Array.from({ length: 40 }, (_, i) => `kiosk-${i}`);

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

  it('gives each kiosk its own second of the window, spread evenly', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `desk-${i}`);
    const from = Date.UTC(2026, 4, 12, 12, 0, 0);
    const buckets = new Array<number>(8).fill(0);
    for (const id of ids) {
      const at = setup(id, '02:00-04:00', 'Europe/Paris').scheduler.nextNightlyAt(from);
      const target = targetOf(id, '02:00-04:00');
      expect(wallTime(at, 'Europe/Paris', true)).toBe(target);
      expect(wallDate(at, 'Europe/Paris')).toBe('2026-05-13');
      const minute =
        (Date.parse(`2000-01-01T${target}Z`) - Date.parse('2000-01-01T02:00:00Z')) / 60_000;
      buckets[Math.floor(minute / 15)] = (buckets[Math.floor(minute / 15)] ?? 0) + 1;
    }
    // 1000 kiosks over eight quarters of an hour: about 125 each, none crowded or empty.
    for (const n of buckets) expect(n).toBeGreaterThan(90);
    for (const n of buckets) expect(n).toBeLessThan(160);
  }, 30_000);

  describe.each(NETWORK_ZONES)('on the 2026 change nights in %s', (zone) => {
    // 29 March 2026: 02:00 CET → 03:00 CEST at 01:00 UTC. 25 October 2026: 03:00 CEST → 02:00
    // CET at 01:00 UTC.
    it('fires once on the spring night, inside the part of the window that exists', () => {
      for (const id of KIOSKS) {
        const fired = nights(id, '02:00-04:00', zone, Date.UTC(2026, 2, 27, 12), 3);
        expect(fired.map((at) => wallDate(at, zone))).toEqual([
          '2026-03-28',
          '2026-03-29',
          '2026-03-30',
        ]);
        const target = targetOf(id, '02:00-04:00');
        const [saturday = 0, sunday = 0, monday = 0] = fired;
        expect(wallTime(saturday, zone, true)).toBe(target);
        expect(wallTime(monday, zone, true)).toBe(target);
        // A kiosk whose second falls in the skipped hour fires an hour later in wall time, so
        // every kiosk fires between 03:00 and 04:00 CEST, none before the window.
        expect(wallTime(sunday, zone, true)).toBe(target < '03:00' ? hourLater(target) : target);
        expect(sunday).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 29, 1, 0));
        expect(sunday).toBeLessThan(Date.UTC(2026, 2, 29, 2, 0));
      }
    });

    it('fires once on the autumn night, at the first of two repeated wall times', () => {
      for (const id of KIOSKS) {
        const fired = nights(id, '02:00-04:00', zone, Date.UTC(2026, 9, 23, 12), 3);
        const target = targetOf(id, '02:00-04:00');
        expect(fired.map((at) => wallDate(at, zone))).toEqual([
          '2026-10-24',
          '2026-10-25',
          '2026-10-26',
        ]);
        for (const at of fired) expect(wallTime(at, zone, true)).toBe(target);
        const sunday = fired[1] ?? 0;
        // 02:xx happens at 00:xx and 01:xx UTC: the first; 03:xx happens once, at 02:xx UTC.
        const first = Date.parse(`2026-10-25T${target}Z`) - (target < '03:00' ? 2 : 1) * HOUR;
        expect(sunday).toBe(first);
      }
    });

    it('does not fire again in the repeated hour after a restart inside it', () => {
      // Restarted at the second 02:10 (01:10 UTC): 02:05 is past, whichever 02:05 one counts.
      const late = nights('k', '02:05-02:05', zone, Date.UTC(2026, 9, 25, 1, 10), 2);
      expect(late.map(iso)).toEqual(['2026-10-26T01:05:00.000Z', '2026-10-27T01:05:00.000Z']);
      // Restarted between the two 02:30s: the second is not a new night.
      const between = nights('k', '02:30-02:30', zone, Date.UTC(2026, 9, 25, 0, 45), 2);
      expect(between.map(iso)).toEqual(['2026-10-26T01:30:00.000Z']);
    });

    it('fires a window inside the skipped hour once, just after the change', () => {
      const fired = nights('k-7', '02:00-02:59', zone, Date.UTC(2026, 2, 28, 12), 1);
      const target = targetOf('k-7', '02:00-02:59');
      expect(fired).toHaveLength(1);
      expect(wallTime(fired[0] ?? 0, zone, true)).toBe(hourLater(target));
    });

    it('fires every night through a window across midnight, over both changes', () => {
      for (const start of [Date.UTC(2026, 2, 27, 12), Date.UTC(2026, 9, 23, 12)]) {
        for (const id of KIOSKS.slice(0, 10)) {
          const fired = nights(id, '23:30-00:30', zone, start, 4);
          expect(fired).toHaveLength(4);
          const target = targetOf(id, '23:30-00:30');
          for (const at of fired) expect(wallTime(at, zone, true)).toBe(target);
          const dates = fired.map((at) => wallDate(at, zone));
          expect(new Set(dates).size).toBe(4);
        }
      }
    });
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
