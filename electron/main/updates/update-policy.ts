import { isQuietAt, type QuietHours } from './quiet-hours';

/** When to look for, and when to install, an update (decision 0040). */
export interface UpdatePolicyOptions {
  readonly quiet: QuietHours;
  /** No visitor interaction for this long before an install (default 5 minutes). */
  readonly idleMs: number;
  /** How often to ask the hub for its feed (default every 4 hours). */
  readonly checkEveryMs: number;
}

export const DEFAULT_IDLE_MS = 5 * 60_000;
export const DEFAULT_CHECK_EVERY_MS = 4 * 3600_000;

/** What the kiosk is doing now. */
export interface UpdateState {
  /** A sync run is going on (requested, not yet reported done). */
  readonly syncing: boolean;
  /** The renderer's last touch, card tap or screen change (epoch ms); undefined: none yet. */
  readonly lastInteractionAt: number | undefined;
  /** The last time the feed was asked for; undefined: never. */
  readonly lastCheckAt: number | undefined;
  /** A check or download is under way. */
  readonly busy: boolean;
  /** The version downloaded and waiting to be installed, if any. */
  readonly downloaded: string | undefined;
}

/** The decision and why (for the log; never personal data). */
export type UpdateDecision =
  | { readonly action: 'install'; readonly version: string }
  | { readonly action: 'check' }
  | {
      readonly action: 'wait';
      readonly reason: 'syncing' | 'visitor-active' | 'open-hours' | 'busy' | 'not-due';
    };

/**
 * Decides at `now`: install a downloaded update only in quiet hours, with no sync running and
 * no interaction for `idleMs`; otherwise look for one (downloaded in the background) when a check
 * is due and no sync runs. Pure.
 */
export function decideUpdate(
  now: number,
  state: UpdateState,
  options: UpdatePolicyOptions,
): UpdateDecision {
  if (state.syncing) return { action: 'wait', reason: 'syncing' };
  if (state.downloaded !== undefined) {
    const idleFor =
      state.lastInteractionAt === undefined ? Infinity : now - state.lastInteractionAt;
    if (idleFor < options.idleMs) return { action: 'wait', reason: 'visitor-active' };
    if (!isQuietAt(now, options.quiet)) return { action: 'wait', reason: 'open-hours' };
    return { action: 'install', version: state.downloaded };
  }
  if (state.busy) return { action: 'wait', reason: 'busy' };
  if (state.lastCheckAt !== undefined && now - state.lastCheckAt < options.checkEveryMs) {
    return { action: 'wait', reason: 'not-due' };
  }
  return { action: 'check' };
}
