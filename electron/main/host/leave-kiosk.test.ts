import { describe, expect, it } from 'vitest';
import type { PinCheck } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import { leaveWithPin } from './leave-kiosk';

const nextTurn = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

function service(answer: Result<PinCheck>) {
  const asked: string[] = [];
  return {
    asked,
    verify: (pin: string) => {
      asked.push(pin);
      return Promise.resolve(answer);
    },
  };
}

describe('leaveWithPin', () => {
  it('leaves after a right PIN, once the answer is given', async () => {
    const pins = service(ok({ isValid: true }));
    let left = 0;
    const answer = await leaveWithPin(pins, '1234', () => (left += 1));
    expect(answer).toEqual(ok({ isValid: true }));
    expect(pins.asked).toEqual(['1234']);
    expect(left).toBe(0);
    await nextTurn();
    expect(left).toBe(1);
  });

  it.each([
    ['a wrong PIN', ok({ isValid: false })],
    ['a lockout', ok({ isValid: false, lockedUntil: 1_000 })],
    ['no PIN set up', err({ code: 'host-pin-unavailable', message: 'none' })],
  ])('stays after %s, answering as verifyPin does', async (_what, reply) => {
    let left = 0;
    expect(await leaveWithPin(service(reply), '0000', () => (left += 1))).toEqual(reply);
    await nextTurn();
    expect(left).toBe(0);
  });
});
