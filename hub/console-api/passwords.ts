import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Operator passwords (decision 0026): Argon2id through `@node-rs/argon2` with its defaults
 * (19 MiB, 2 passes, 1 lane: OWASP's minimum for Argon2id), stored as the PHC string.
 */

/** The shortest password the console and the CLI accept. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest: bounds what one login makes the hub hash. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The PHC string of `password` (Argon2id, a fresh random salt). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With `stored` undefined (no such account) it still
 * verifies against a hash of a random secret, so an unknown email costs the same time as a wrong
 * password and answers false. A malformed stored hash answers false too; never rejects.
 */
export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  dummy ??= hash(randomBytes(32).toString('base64url'));
  const against = stored ?? (await dummy);
  try {
    const matches = await verify(against, password);
    return stored !== undefined && matches;
  } catch {
    return false;
  }
}

/**
 * A one-time password to hand to a person once: 20 characters of base64url (120 random bits),
 * above MIN_PASSWORD_LENGTH so it is accepted where a chosen one would be.
 */
export function newPassword(): string {
  return randomBytes(15).toString('base64url');
}
