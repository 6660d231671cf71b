import { afterEach, describe, expect, it } from 'vitest';
import { compareHlc } from '#shared/sync/hlc';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aVisit, freshDb } from '../db/test-factories';
import { HLC_MARK_KEY, PersistedHlc, queuedStampSeeds, type MarkStorage } from './persisted-hlc';

const T = Date.UTC(2025, 2, 4, 9, 0);
const HOUR = 3_600_000;
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  window.localStorage.removeItem(HLC_MARK_KEY);
});

describe('PersistedHlc', () => {
  it('a restart with the clock an hour back stamps after the earlier run', () => {
    const first = new PersistedHlc('kiosk-a', () => T, window.localStorage, []);
    const before = first.tick();
    expect(window.localStorage.getItem(HLC_MARK_KEY)).toBe(before);
    const restarted = new PersistedHlc('kiosk-a', () => T - HOUR, window.localStorage, []);
    const after = restarted.tick();
    expect(compareHlc(after, before)).toBeGreaterThan(0);
    expect(window.localStorage.getItem(HLC_MARK_KEY)).toBe(after);
  });

  it('starts after the newest queued outbox entry when the saved mark was lost', async () => {
    const db = freshDb('hlc');
    opened.push(db);
    expect(await queuedStampSeeds(db)).toEqual([]);
    const older = `${String(T - 5).padStart(15, '0')}-000000-kiosk-a`;
    const newest = `${String(T).padStart(15, '0')}-000003-kiosk-a`;
    for (const hlc of [older, newest]) {
      await recordChange(db, { table: 'visits', op: 'put', record: aVisit(), hlc, now: T });
    }
    const seeds = await queuedStampSeeds(db);
    expect(seeds).toEqual([newest]);
    const clock = new PersistedHlc('kiosk-a', () => T - HOUR, window.localStorage, [
      ...seeds,
      'not a stamp',
    ]);
    expect(compareHlc(clock.tick(), newest)).toBeGreaterThan(0);
  });

  it('keeps stamping when the storage refuses, and ignores a malformed mark', () => {
    const broken: MarkStorage = {
      getItem: () => 'garbage',
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    const clock = new PersistedHlc('kiosk-a', () => T, broken, []);
    const a = clock.tick();
    expect(compareHlc(clock.tick(), a)).toBeGreaterThan(0);
    expect(a.startsWith(String(T).padStart(15, '0'))).toBe(true);
  });
});
