import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from './pin-hash';

const DEMO_HASH =
  'pbkdf2-sha256$120000$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=';

describe('PIN hash', () => {
  it('the demo hash verifies 1234 and rejects 1235', async () => {
    expect(await verifyPin('1234', DEMO_HASH)).toBe(true);
    expect(await verifyPin('1235', DEMO_HASH)).toBe(false);
    expect(await verifyPin('', DEMO_HASH)).toBe(false);
  });

  it('reproduces the demo hash from its salt', async () => {
    const salt = Uint8Array.from(atob('uyCdGgf9zk+ZKrV+9d3R0w=='), (c) => c.charCodeAt(0));
    expect(await hashPin('1234', { iterations: 120_000, salt })).toBe(DEMO_HASH);
  });

  it('hashes with a fresh salt each time, and each hash verifies', async () => {
    const a = await hashPin('4821', { iterations: 1000 });
    const b = await hashPin('4821', { iterations: 1000 });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPin('4821', a)).toBe(true);
    expect(await verifyPin('4821', b)).toBe(true);
    expect(await verifyPin('4822', a)).toBe(false);
  });

  it('uses the default iteration count when none is given', async () => {
    expect(await hashPin('0000')).toMatch(/^pbkdf2-sha256\$600000\$/);
  });

  it.each([
    '',
    'garbage',
    'pbkdf2-sha1$120000$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=',
    'pbkdf2-sha256$12$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=',
    'pbkdf2-sha256$99999999$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=',
    'pbkdf2-sha256$120000$not base64!$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=',
    'pbkdf2-sha256$120000$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9',
    `${DEMO_HASH}$extra`,
  ])('a malformed stored hash %j verifies nothing', async (stored) => {
    expect(await verifyPin('1234', stored)).toBe(false);
  });

  it('refuses an empty PIN, a bad iteration count or a short salt', async () => {
    await expect(hashPin('')).rejects.toThrow(RangeError);
    await expect(hashPin('1234', { iterations: 10 })).rejects.toThrow(RangeError);
    await expect(hashPin('1234', { iterations: 1000, salt: new Uint8Array(4) })).rejects.toThrow(
      RangeError,
    );
  });
});
