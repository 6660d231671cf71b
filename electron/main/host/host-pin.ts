import type { PinCheck } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import type { HostErrorCode } from '#shared/ipc/codes';

/**
 * Host-mode PIN checks: the PIN is compared with the config's PBKDF2 hash, and repeated wrong PINs
 * lock host mode for a while (shared/security/pin-lockout.ts). The lockout lives in main, not in
 * the page, so a reload or a crashed renderer does not reset it.
 */

/** The lockout surface used here; shared/security/pin-lockout.ts's PinLockout satisfies it. */
export interface PinLockoutLike {
  /** Epoch ms until which attempts are refused, or null when not locked. */
  isLocked(): number | null;
  /** Counts a wrong PIN; returns the lock end when this failure starts a lock, else null. */
  recordFailure(): number | null;
  recordSuccess(): void;
}

export interface HostPinServiceOptions {
  /** The configured hash, or null when no usable config is loaded. */
  getPinHash: () => string | null;
  /** shared/security/pin-hash.ts verifyPin: resolves false (never rejects) on a malformed hash. */
  verifyPin: (pin: string, stored: string) => Promise<boolean>;
  lockout: PinLockoutLike;
}

export class HostPinService {
  // Checks run one at a time: parallel attempts would all pass isLocked() before any failure is
  // counted, turning the lockout into a speed bump for a scripted guesser.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: HostPinServiceOptions) {}

  /**
   * Checks one PIN. While locked, answers `{ isValid: false, lockedUntil }` without checking.
   * Fails with 'host-pin-unavailable' when no PIN hash is configured. Never rejects.
   */
  verify(pin: string): Promise<Result<PinCheck>> {
    const run = this.queue.then(() => this.check(pin));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async check(pin: string): Promise<Result<PinCheck>> {
    const lockedUntil = this.opts.lockout.isLocked();
    if (lockedUntil !== null) return ok({ isValid: false, lockedUntil });
    const stored = this.opts.getPinHash();
    if (stored === null) {
      return err({
        code: 'host-pin-unavailable' satisfies HostErrorCode,
        message: 'No host PIN is configured on this kiosk.',
      });
    }
    let isValid: boolean;
    try {
      isValid = await this.opts.verifyPin(pin, stored);
    } catch {
      isValid = false;
    }
    if (isValid) {
      this.opts.lockout.recordSuccess();
      return ok({ isValid: true });
    }
    const lockStart = this.opts.lockout.recordFailure();
    return ok(lockStart === null ? { isValid: false } : { isValid: false, lockedUntil: lockStart });
  }
}
