import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Enrolment codes and kiosk credentials. Both are random with enough entropy (60 and 256 bits)
 * that a fast hash (SHA-256) protects them at rest: what the hub stores cannot be replayed, and
 * unlike a PIN there is nothing to brute-force offline.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code `XXXX-XXXX-XXXX` (Crockford base32: no I, L, O, U to misread). */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => CROCKFORD[b % 32] ?? '0').join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** The stored form of an enrolment code; case, spaces and dashes do not matter. */
export function hashEnrolmentCode(code: string): string {
  return sha256(code.toUpperCase().replace(/[\s-]/g, ''));
}

/** A new credential for `kioskId`: `<kioskId>.<43 base64url chars>`. */
export function newKioskToken(kioskId: string): string {
  return `${kioskId}.${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a credential. */
export function hashToken(token: string): string {
  return sha256(token);
}

/** The kiosk id a bearer credential claims, or undefined when it is not of our form. */
export function tokenKioskId(token: string): string | undefined {
  const m = /^([a-z0-9][a-z0-9-]{1,62})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m?.[1];
}

/** Constant-time check of a presented credential against its stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
