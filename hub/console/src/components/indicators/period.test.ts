import { describe, expect, it } from 'vitest';
import { dayAfter, lastDay, localToday, periodProblem, presetPeriod } from './period';

describe('indicator periods', () => {
  it('gives each preset as whole local dates, to exclusive', () => {
    expect(presetPeriod('lastMonth', '2026-12-03')).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
    });
    expect(presetPeriod('lastMonth', '2027-01-31')).toEqual({
      from: '2026-12-01',
      to: '2027-01-01',
    });
    expect(presetPeriod('lastQuarter', '2026-12-03')).toEqual({
      from: '2026-07-01',
      to: '2026-10-01',
    });
    expect(presetPeriod('lastQuarter', '2026-02-28')).toEqual({
      from: '2025-10-01',
      to: '2026-01-01',
    });
    expect(presetPeriod('last12Months', '2026-12-03')).toEqual({
      from: '2025-12-04',
      to: '2026-12-04',
    });
    expect(presetPeriod('last12Months', '2028-02-29')).toEqual({
      from: '2027-03-01',
      to: '2028-03-01',
    });
    expect(presetPeriod('thisYear', '2026-12-31')).toEqual({
      from: '2026-01-01',
      to: '2027-01-01',
    });
  });

  it('refuses a today that is not a date', () => {
    expect(() => presetPeriod('thisYear', '2026-02-30')).toThrow(RangeError);
    expect(() => presetPeriod('thisYear', '')).toThrow(RangeError);
  });

  it('says what is wrong with a typed period, as the API would', () => {
    expect(periodProblem('2026-09-01', '2026-12-01')).toBeNull();
    expect(periodProblem('2026-09-01', '')).toBe('invalid');
    expect(periodProblem('2026-02-30', '2026-03-01')).toBe('invalid');
    expect(periodProblem('2026-09-01', '2026-09-01')).toBe('order');
    expect(periodProblem('2020-01-01', '2023-01-03')).toBeNull();
    expect(periodProblem('2020-01-01', '2023-01-04')).toBe('long');
  });

  it('names the last day included, the day after and the local today', () => {
    expect(lastDay('2026-03-01')).toBe('2026-02-28');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(() => dayAfter('2026-13-01')).toThrow(RangeError);
    expect(localToday(new Date(2026, 11, 3, 23, 59))).toBe('2026-12-03');
  });
});
