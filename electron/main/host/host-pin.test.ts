import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { HostPinService } from './host-pin';

const FAST = { iterations: 1000 };

async function setup(opts: { pinHash?: string | null; maxAttempts?: number } = {}) {
  const clock = { time: 1_000_000 };
  const pinHash = opts.pinHash === undefined ? await hashPin('2468', FAST) : opts.pinHash;
  const service = new HostPinService({
    getPinHash: () => pinHash,
    verifyPin,
    lockout: new PinLockout({
      maxAttempts: opts.maxAttempts ?? 3,
      lockMs: 60_000,
      now: () => clock.time,
    }),
  });
  return { clock, service };
}

describe('HostPinService', () => {
  it('accepts the configured PIN and refuses another', async () => {
    const { service } = await setup();
    expect(await service.verify('2468')).toEqual({ ok: true, value: { isValid: true } });
    expect(await service.verify('1357')).toEqual({ ok: true, value: { isValid: false } });
  });

  it('locks after repeated wrong PINs, refusing even the right one until the lock ends', async () => {
    const { clock, service } = await setup();
    expect(await service.verify('0000')).toEqual({ ok: true, value: { isValid: false } });
    expect(await service.verify('0000')).toEqual({ ok: true, value: { isValid: false } });
    const lockedUntil = clock.time + 60_000;
    expect(await service.verify('0000')).toEqual({
      ok: true,
      value: { isValid: false, lockedUntil },
    });
    expect(await service.verify('2468')).toEqual({
      ok: true,
      value: { isValid: false, lockedUntil },
    });
    clock.time = lockedUntil;
    expect(await service.verify('2468')).toEqual({ ok: true, value: { isValid: true } });
  });

  it('counts parallel guesses one by one, so a burst cannot outrun the lock', async () => {
    const { service } = await setup({ maxAttempts: 2 });
    const replies = await Promise.all(
      ['1111', '2222', '3333', '2468'].map((pin) => service.verify(pin)),
    );
    expect(replies.map((r) => r.ok && r.value.isValid)).toEqual([false, false, false, false]);
    expect(replies.map((r) => r.ok && r.value.lockedUntil !== undefined)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it('fails as data when no PIN hash is configured', async () => {
    const { service } = await setup({ pinHash: null });
    expect(await service.verify('2468')).toMatchObject({
      ok: false,
      error: { code: 'host-pin-unavailable' },
    });
  });

  it('treats a malformed stored hash as a wrong PIN', async () => {
    const { service } = await setup({ pinHash: 'pbkdf2-sha256$1$bad$bad' });
    expect(await service.verify('2468')).toEqual({ ok: true, value: { isValid: false } });
  });
});
