import { describe, expect, it } from 'vitest';
import { distance, relativeTime } from './relative-time';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;

describe('distance', () => {
  it('takes the largest unit that fits once, rounded toward zero', () => {
    expect(distance(NOW - 12 * MIN, NOW)).toEqual({ value: -12, unit: 'minute' });
    expect(distance(NOW - 59 * MIN - 59_000, NOW)).toEqual({ value: -59, unit: 'minute' });
    expect(distance(NOW - 60 * MIN, NOW)).toEqual({ value: -1, unit: 'hour' });
    expect(distance(NOW - 49 * 60 * MIN, NOW)).toEqual({ value: -2, unit: 'day' });
    expect(distance(NOW - 30_500, NOW)).toEqual({ value: -30, unit: 'second' });
    expect(distance(NOW + 3 * 60 * MIN, NOW)).toEqual({ value: 3, unit: 'hour' });
  });
});

describe('relativeTime', () => {
  it('says the distance in each console language', () => {
    expect(relativeTime(NOW - 12 * MIN, NOW, 'en')).toBe('12 minutes ago');
    expect(relativeTime(NOW - 12 * MIN, NOW, 'fr')).toBe('il y a 12 minutes');
    expect(relativeTime(NOW - 12 * MIN, NOW, 'nl')).toBe('12 minuten geleden');
    expect(relativeTime(NOW - 24 * 60 * MIN, NOW, 'en')).toBe('yesterday');
    expect(relativeTime(NOW, NOW, 'en')).toBe('now');
  });
});
