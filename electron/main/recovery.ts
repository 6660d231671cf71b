/**
 * Crash and hang recovery of the kiosk page (docs/architecture.md, "The kiosk shell"): a crashed or hung
 * renderer is reloaded; when that keeps failing (more than `maxIncidents` within `windowMs`) the
 * whole app is relaunched, since a reload loop leaves the reception with a blank screen.
 */

/** Why a render process ended, as Electron reports it (RenderProcessGoneDetails.reason). */
export type RenderGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type RecoveryAction = 'none' | 'reload' | 'relaunch';

export interface RecoveryPolicyOptions {
  /** Incidents tolerated within the window before relaunching (default 3). */
  maxIncidents?: number;
  /** Sliding window for counting incidents (default 5 minutes). */
  windowMs?: number;
  now: () => number;
}

/** Pure decision: what to do after each incident. Keeps only the timestamps inside the window. */
export class RecoveryPolicy {
  private readonly maxIncidents: number;
  private readonly windowMs: number;
  private incidents: number[] = [];

  constructor(private readonly opts: RecoveryPolicyOptions) {
    this.maxIncidents = opts.maxIncidents ?? 3;
    this.windowMs = opts.windowMs ?? 5 * 60_000;
  }

  /** A render process ended. 'clean-exit' is a normal close, not an incident: 'none'. */
  onRenderProcessGone(reason: RenderGoneReason): RecoveryAction {
    return reason === 'clean-exit' ? 'none' : this.incident();
  }

  /** The page stayed unresponsive past the grace period: counted like a crash. */
  onHang(): RecoveryAction {
    return this.incident();
  }

  /** Incidents counted in the current window, for logs and tests. */
  recentIncidents(): number {
    this.prune();
    return this.incidents.length;
  }

  private incident(): RecoveryAction {
    this.incidents.push(this.opts.now());
    this.prune();
    return this.incidents.length > this.maxIncidents ? 'relaunch' : 'reload';
  }

  private prune(): void {
    const since = this.opts.now() - this.windowMs;
    this.incidents = this.incidents.filter((t) => t > since);
  }
}

/** What the controller acts on; the window wiring passes webContents.reload and app.relaunch. */
export interface RecoveryTarget {
  reload(): void;
  relaunch(): void;
}

/** A one-shot timer; returns its cancel. Injected so tests drive time by hand. */
export type ScheduleTimer = (callback: () => void, ms: number) => () => void;

/**
 * Applies RecoveryPolicy to window events. An 'unresponsive' page gets `hangGraceMs` (default 10 s)
 * to answer again ('responsive' cancels) before it counts as a hang: a long synchronous task, such
 * as a first big IndexedDB upgrade, must not cost a reload.
 */
export class RecoveryController {
  private cancelHang: (() => void) | null = null;

  constructor(
    private readonly policy: RecoveryPolicy,
    private readonly target: RecoveryTarget,
    private readonly schedule: ScheduleTimer,
    private readonly hangGraceMs = 10_000,
  ) {}

  renderProcessGone(reason: RenderGoneReason): RecoveryAction {
    this.clearHang();
    return this.apply(this.policy.onRenderProcessGone(reason));
  }

  unresponsive(): void {
    if (this.cancelHang !== null) return;
    this.cancelHang = this.schedule(() => {
      this.cancelHang = null;
      this.apply(this.policy.onHang());
    }, this.hangGraceMs);
  }

  responsive(): void {
    this.clearHang();
  }

  /** Cancels a pending hang check, e.g. when the window closes. */
  dispose(): void {
    this.clearHang();
  }

  private clearHang(): void {
    this.cancelHang?.();
    this.cancelHang = null;
  }

  private apply(action: RecoveryAction): RecoveryAction {
    if (action === 'reload') this.target.reload();
    else if (action === 'relaunch') this.target.relaunch();
    return action;
  }
}

/** ScheduleTimer over the real setTimeout, for the window wiring. */
export const timerScheduler: ScheduleTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => {
    clearTimeout(timer);
  };
};
