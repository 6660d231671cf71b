import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WALL_TIME_PATTERN, parseWallTime, secondOfDay, wallTimeOfSecond } from './wall';

describe('wall times', () => {
  it('parses HH:MM from 00:00 to 23:59 and names anything else', () => {
    expect(parseWallTime('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseWallTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '7pm', '7:00', '07:60', '07:00:00', ' 07:00', '']) {
      expect(() => parseWallTime(bad)).toThrow(new RangeError(`not an HH:MM time of day: ${bad}`));
      expect(WALL_TIME_PATTERN.test(bad)).toBe(false);
    }
  });

  it('counts seconds since midnight and back, wrapping past midnight', () => {
    expect(secondOfDay({ hour: 2, minute: 30 })).toBe(9000);
    expect(secondOfDay({ hour: 23, minute: 59, second: 59 })).toBe(86_399);
    expect(wallTimeOfSecond(86_400 + 90)).toEqual({ hour: 0, minute: 1, second: 30 });
    expect(wallTimeOfSecond(-1)).toEqual({ hour: 23, minute: 59, second: 59 });
    expect(() => wallTimeOfSecond(1.5)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399 }), (s) => {
        expect(secondOfDay(wallTimeOfSecond(s))).toBe(s);
      }),
    );
  });
});
