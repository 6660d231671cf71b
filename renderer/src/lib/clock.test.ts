import { expect, test } from 'vitest';
import { systemClock } from './clock';

test('systemClock follows the wall clock', () => {
  const before = Date.now();
  const t = systemClock();
  expect(t).toBeGreaterThanOrEqual(before);
  expect(t).toBeLessThanOrEqual(Date.now());
});
