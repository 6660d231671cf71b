/**
 * Host-PIN lockout: after `maxAttempts` wrong PINs in a row the host screen stays locked for
 * `lockMs`. In memory on purpose: a restart clears it, but restarting a kiosk takes the host's
 * key to the cabinet, and the PIN hash's cost slows each guess anyway.
 */
export interface PinLockoutOptions {
  /** Wrong PINs in a row that lock; default 5. */
  maxAttempts?: number;
  /** How long a lock lasts, in ms; default 300 000 (5 minutes). */
  lockMs?: number;
  now: () => number;
}

/**
 * Counts wrong PINs and tells when entry is locked. Callers check isLocked() before verifying a
 * PIN and must not verify while locked. Throws a RangeError from the constructor when maxAttempts
 * is not a positive integer or lockMs is negative.
 */
export class PinLockout {
  private failures = 0;
  private lockedUntil: number | null = null;
  private readonly maxAttempts: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(opts: PinLockoutOptions) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.lockMs = opts.lockMs ?? 300_000;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer: ${this.maxAttempts}`);
    }
    if (!(this.lockMs >= 0)) throw new RangeError(`lockMs must not be negative: ${this.lockMs}`);
    this.now = opts.now;
  }

  /** The instant the lock ends while locked, else null. An expired lock is cleared here. */
  isLocked(): number | null {
    if (this.lockedUntil === null) return null;
    if (this.now() < this.lockedUntil) return this.lockedUntil;
    // The lock has run out: the next wrong PIN starts a fresh count.
    this.lockedUntil = null;
    this.failures = 0;
    return null;
  }

  /**
   * Records a wrong PIN. Returns the instant the lock ends when this failure locks (or entry was
   * already locked, which does not extend the lock), else null.
   */
  recordFailure(): number | null {
    const locked = this.isLocked();
    if (locked !== null) return locked;
    this.failures++;
    if (this.failures < this.maxAttempts) return null;
    this.lockedUntil = this.now() + this.lockMs;
    return this.lockedUntil;
  }

  /** Records a right PIN: the count of wrong ones starts again from zero. */
  recordSuccess(): void {
    this.failures = 0;
    this.lockedUntil = null;
  }

  /** Wrong PINs left before the lock, for the host screen's warning. */
  attemptsLeft(): number {
    return this.isLocked() === null ? this.maxAttempts - this.failures : 0;
  }
}
