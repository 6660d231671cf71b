/**
 * Host PIN hashing with PBKDF2-SHA-256 through Web Crypto (`globalThis.crypto.subtle`, present in
 * Node 20 and every browser), so main and renderer share one implementation. Stored form:
 * `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>` (see PIN_HASH_PATTERN in the config).
 * A 4-digit PIN is weak whatever the hash; PinLockout is what stops guessing at the kiosk.
 */

/** OWASP's 2023 figure for PBKDF2-SHA-256; a host PIN is checked rarely, so the cost is fine. */
export const DEFAULT_PIN_ITERATIONS = 600_000;
const MIN_ITERATIONS = 1_000;
/** The config pattern allows 7 digits; a higher count from a tampered file must not hang the kiosk. */
const MAX_ITERATIONS = 9_999_999;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PREFIX = 'pbkdf2-sha256';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pin),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: Uint8Array.from(salt), iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Hashes a PIN into the stored form, with a random 16-byte salt unless one is given. Rejects with
 * a RangeError when the PIN is empty, the iteration count is outside 1 000–9 999 999 or the salt
 * is shorter than 8 bytes.
 */
export async function hashPin(
  pin: string,
  opts: { iterations?: number; salt?: Uint8Array } = {},
): Promise<string> {
  const iterations = opts.iterations ?? DEFAULT_PIN_ITERATIONS;
  if (pin === '') throw new RangeError('the PIN is empty');
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations out of range: ${iterations}`);
  }
  const salt = opts.salt ?? globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  if (salt.length < 8) throw new RangeError('the salt is shorter than 8 bytes');
  const hash = await derive(pin, salt, iterations);
  return `${PREFIX}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * True when `pin` matches the stored hash. Resolves false, never rejects, on a malformed stored
 * string (wrong prefix, iteration count out of range, bad base64, hash not 32 bytes). The
 * comparison takes the same time wherever the hashes differ.
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PREFIX || !/^\d{1,7}$/.test(parts[1] ?? '')) return false;
  const iterations = Number(parts[1]);
  const salt = fromBase64(parts[2] ?? '');
  const expected = fromBase64(parts[3] ?? '');
  if (iterations < MIN_ITERATIONS || salt === null || salt.length < 8) return false;
  if (expected?.length !== HASH_BYTES) return false;
  return constantTimeEqual(await derive(pin, salt, iterations), expected);
}
