/**
 * Keeps the reception screen on: a kiosk whose display sleeps looks broken to a visitor.
 * Takes Electron's powerSaveBlocker as a parameter (Signal's PreventDisplaySleepService shape).
 */

/** The part of Electron's powerSaveBlocker used here. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
  isStarted(id: number): boolean;
}

export class PowerSaveService {
  private blockerId: number | null = null;

  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  /** Prevents display sleep. Idempotent; restarts the blocker if the OS dropped it. */
  enable(): void {
    if (this.blockerId !== null && this.blocker.isStarted(this.blockerId)) return;
    this.blockerId = this.blocker.start('prevent-display-sleep');
  }

  /** Lets the display sleep again. Idempotent. */
  disable(): void {
    if (this.blockerId === null) return;
    this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }

  /** True while a blocker started by this service is active. */
  isEnabled(): boolean {
    return this.blockerId !== null && this.blocker.isStarted(this.blockerId);
  }
}
