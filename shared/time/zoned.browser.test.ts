import fc from 'fast-check';
import { Temporal as Polyfill } from 'temporal-polyfill/implementation';
import { Temporal as Chosen } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { NETWORK_ZONES } from './test-support';
import { toInstant, toWall, type Disambiguation } from './zoned';

/**
 * shared/time in Chromium (the renderer's engine, and Electron's): there `temporal-polyfill`
 * hands back the browser's native Temporal. `dst.any.test.ts` runs the 2026 vectors here too;
 * these check that native and polyfill agree around every change of 2026–2030.
 */
const POLICIES: readonly Disambiguation[] = ['compatible', 'earlier', 'later', 'reject'];

describe('shared/time in Chromium', () => {
  it("uses Chromium's native Temporal, not the polyfill", () => {
    const native: unknown = Reflect.get(globalThis, 'Temporal');
    expect(typeof native).toBe('object');
    expect(Chosen).toBe(native);
    expect(Chosen).not.toBe(Polyfill);
  });

  it('agrees with the polyfill on wall times around every change of 2026–2030', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2026, max: 2030 }),
        fc.constantFrom(...NETWORK_ZONES, 'America/Santiago', 'Australia/Lord_Howe'),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: -90, max: 90 }),
        fc.constantFrom(...POLICIES),
        (year, zone, nth, minutes, disambiguation) => {
          // The wall clock right after the year's nth change, moved by up to 90 minutes: inside
          // the skipped or repeated hour about a third of the time.
          let change = Polyfill.ZonedDateTime.from({ year, month: 1, day: 1, timeZone: zone });
          for (let i = 0; i < nth; i++) {
            const next = change.getTimeZoneTransition('next');
            if (next === null) throw new Error(`no change in ${zone}`);
            change = next;
          }
          const p = change.toPlainDateTime().add({ minutes });
          const wall = { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
          const outcome = (f: () => number): number | string => {
            try {
              return f();
            } catch (e) {
              return (e as Error).name;
            }
          };
          expect(outcome(() => toInstant(wall, zone, disambiguation))).toBe(
            outcome(() => p.toZonedDateTime(zone, { disambiguation }).epochMilliseconds),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads the wall clock as the polyfill does at every instant of 2026–2030', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2031, 0, 1) - 1 }),
        fc.constantFrom(...NETWORK_ZONES, 'America/Santiago', 'Australia/Lord_Howe'),
        (at, zone) => {
          const z = Polyfill.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone);
          const wall = toWall(at, zone);
          // Each field against the polyfill's getter of the same name.
          expect(wall).toEqual(
            Object.fromEntries(Object.keys(wall).map((k) => [k, Reflect.get(z, k)])),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
