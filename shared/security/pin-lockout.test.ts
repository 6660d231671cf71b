import { describe, expect, it } from 'vitest';
import { PinLockout } from './pin-lockout';

function setup(opts: { maxAttempts?: number; lockMs?: number } = {}) {
  const clock = { t: 1_000_000 };
  const lockout = new PinLockout({ ...opts, now: () => clock.t });
  return { clock, lockout };
}

describe('PinLockout', () => {
  it('five wrong PINs lock for five minutes', () => {
    const { clock, lockout } = setup();
    for (let i = 0; i < 4; i++) expect(lockout.recordFailure()).toBeNull();
    expect(lockout.attemptsLeft()).toBe(1);
    expect(lockout.isLocked()).toBeNull();
    expect(lockout.recordFailure()).toBe(clock.t + 300_000);
    expect(lockout.isLocked()).toBe(clock.t + 300_000);
    expect(lockout.attemptsLeft()).toBe(0);
  });

  it('a failure while locked does not extend the lock', () => {
    const { clock, lockout } = setup({ maxAttempts: 2, lockMs: 1000 });
    lockout.recordFailure();
    const until = lockout.recordFailure();
    expect(until).toBe(clock.t + 1000);
    clock.t += 500;
    expect(lockout.recordFailure()).toBe(until);
  });

  it('the lock ends at lockedUntil and the count starts afresh', () => {
    const { clock, lockout } = setup({ maxAttempts: 2, lockMs: 1000 });
    lockout.recordFailure();
    lockout.recordFailure();
    clock.t += 999;
    expect(lockout.isLocked()).not.toBeNull();
    clock.t += 1;
    expect(lockout.isLocked()).toBeNull();
    expect(lockout.recordFailure()).toBeNull();
    expect(lockout.attemptsLeft()).toBe(1);
  });

  it('a right PIN resets the count', () => {
    const { lockout } = setup();
    for (let i = 0; i < 4; i++) lockout.recordFailure();
    lockout.recordSuccess();
    for (let i = 0; i < 4; i++) expect(lockout.recordFailure()).toBeNull();
    expect(lockout.recordFailure()).not.toBeNull();
  });

  it('refuses nonsense options', () => {
    expect(() => new PinLockout({ maxAttempts: 0, now: () => 0 })).toThrow(RangeError);
    expect(() => new PinLockout({ lockMs: -1, now: () => 0 })).toThrow(RangeError);
  });
});
