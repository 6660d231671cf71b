import type { IpcErrorCode } from '#shared/ipc/codes';
import type { KioskApi } from '#shared/ipc/contract';

/** Why the last PIN attempt did not open host mode, for the message under the field. */
export type PinProblem =
  | { kind: 'format' }
  | { kind: 'wrong' }
  | { kind: 'locked'; until: number }
  /** `code`: the IPC error's (e.g. host-pin-unavailable), put into words by the screen. */
  | { kind: 'unavailable'; code: string };

/**
 * What the PIN is asked for: opening host mode, leaving kiosk mode from it (issue 13), or running
 * the setup again from it (`api.setup.runAgain`, docs/decisions/0042).
 */
export type PinPurpose = 'enter' | 'leave' | 'setup';

const PIN_PATTERN = /^\d{4,12}$/;
/** The contract accepts 4–12 digits; longer input is cut so the field cannot grow unbounded. */
export const PIN_MAX_LENGTH = 12;

/**
 * The host PIN entry: the digits typed (field or on-screen pad), the last problem, and the check
 * through `api.host.verifyPin` — or, when `purpose` is 'leave', `api.host.leaveKiosk`, which
 * quits the app after a right PIN (main holds the hash and the lockout). Never stores a PIN
 * anywhere but this field, and `clear()` wipes it.
 */
export class PinPadState {
  pin = $state('');
  problem = $state<PinProblem | null>(null);
  isChecking = $state(false);
  purpose = $state<PinPurpose>('enter');
  /** Main accepted the PIN to leave kiosk mode: the app is quitting. */
  isLeaving = $state(false);
  readonly canSubmit = $derived(PIN_PATTERN.test(this.pin) && !this.isChecking);

  readonly #api: KioskApi;

  constructor(api: KioskApi) {
    this.#api = api;
  }

  /** Sets the field from typed input, keeping digits only (a pasted space or letter is dropped). */
  setPin(value: string): void {
    this.pin = value.replace(/\D/g, '').slice(0, PIN_MAX_LENGTH);
  }

  /** Appends one digit from the on-screen pad; ignored when the field is full. */
  pressDigit(digit: string): void {
    if (/^\d$/.test(digit)) this.setPin(this.pin + digit);
  }

  /** Removes the last digit. */
  backspace(): void {
    this.pin = this.pin.slice(0, -1);
  }

  /**
   * Empties the field and forgets the last problem (leaving the screen, idle timeout); the next
   * check is for `purpose`.
   */
  clear(purpose: PinPurpose = 'enter'): void {
    this.pin = '';
    this.problem = null;
    this.purpose = purpose;
    this.isLeaving = false;
  }

  /**
   * Checks the PIN with main. Resolves true when host mode may open (the field is then cleared);
   * false otherwise, with `problem` set: bad format, wrong PIN, locked (with the instant it ends)
   * or unavailable (the IPC reply was an error). Never rejects: a thrown transport error counts as
   * unavailable. The field is cleared after a wrong PIN so the next attempt starts empty.
   */
  async submit(): Promise<boolean> {
    if (!PIN_PATTERN.test(this.pin)) {
      this.problem = { kind: 'format' };
      return false;
    }
    this.isChecking = true;
    try {
      const request = { pin: this.pin };
      const reply =
        this.purpose === 'leave'
          ? await this.#api.host.leaveKiosk(request)
          : this.purpose === 'setup'
            ? await this.#api.setup.runAgain(request)
            : await this.#api.host.verifyPin(request);
      if (!reply.ok) {
        this.problem = { kind: 'unavailable', code: reply.error.code };
        return false;
      }
      if (reply.value.isValid) {
        this.pin = '';
        this.problem = null;
        this.isLeaving = this.purpose === 'leave';
        return true;
      }
      this.pin = '';
      this.problem =
        reply.value.lockedUntil === undefined
          ? { kind: 'wrong' }
          : { kind: 'locked', until: reply.value.lockedUntil };
      return false;
    } catch (e) {
      console.error('PIN check unavailable', e);
      this.problem = { kind: 'unavailable', code: 'ipc-handler-failed' satisfies IpcErrorCode };
      return false;
    } finally {
      this.isChecking = false;
    }
  }
}
