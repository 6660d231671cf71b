import { Temporal } from 'temporal-polyfill';
import { Temporal as Polyfill } from 'temporal-polyfill/implementation';
import { describe, expect, it } from 'vitest';
import { closingAfter, closingAtOrBefore } from '../visitor/closing-time';
import { dailyAfter, dailyAtOrBefore } from './daily';
import { DAILY_CASES, NETWORK_ZONES, TO_INSTANT_CASES } from './test-support';
import { toInstant, type Disambiguation } from './zoned';

/**
 * The 2026 daylight-saving changes, run by both Vitest projects (`*.any.test.ts`): on Node 20 the
 * polyfill's own Temporal answers, in Chromium the browser's native one.
 */

const iso = (ms: number): string => new Date(ms).toISOString();
const POLICIES: readonly Disambiguation[] = ['compatible', 'earlier', 'later', 'reject'];

describe('the 2026 daylight-saving changes', () => {
  it("uses the runtime's own Temporal where there is one, else the polyfill", () => {
    const native: unknown = Reflect.get(globalThis, 'Temporal');
    expect(Temporal).toBe(native ?? Polyfill);
  });

  describe.each(NETWORK_ZONES)('in %s', (zone) => {
    it.each(TO_INSTANT_CASES)('reads $wall.month/$wall.day $wall.hour:$wall.minute', (c) => {
      for (const policy of POLICIES) {
        const want = c.expected[policy];
        if (want === null) expect(() => toInstant(c.wall, zone, policy)).toThrow(RangeError);
        else expect(iso(toInstant(c.wall, zone, policy))).toBe(want);
      }
      expect(iso(toInstant(c.wall, zone))).toBe(c.expected.compatible);
    });

    it.each(DAILY_CASES)('finds $time.hour:$time.minute around $from', (c) => {
      const from = Date.parse(c.from);
      expect(iso(dailyAtOrBefore(from, c.time, zone))).toBe(c.atOrBefore);
      expect(iso(dailyAfter(from, c.time, zone))).toBe(c.after);
      const hhmm = `${String(c.time.hour).padStart(2, '0')}:${String(c.time.minute).padStart(2, '0')}`;
      expect(iso(closingAtOrBefore(from, hhmm, zone))).toBe(c.atOrBefore);
      expect(iso(closingAfter(from, hhmm, zone))).toBe(c.after);
    });
  });
});
