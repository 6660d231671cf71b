import { err, ok, type Result } from '../result';

/**
 * Hybrid logical clock stamps for last-writer-wins merges (docs/sync-protocol.md, "Conflict rules").
 * Format: `<ms:15 digits>-<counter:6 digits>-<node id>`, e.g. `001741595400000-000000-demo-kiosk`.
 * The fixed widths make plain string order the causal order (time, then counter, then node as a
 * tie-break), so stamps sort and compare as strings, in SQL and in IndexedDB indexes alike.
 */
export interface Hlc {
  ms: number;
  counter: number;
  node: string;
}

const MS_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 999_999;
const MAX_MS = 10 ** MS_DIGITS - 1;
const NODE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const HLC_PATTERN = /^(\d{15})-(\d{6})-([A-Za-z0-9._-]{1,64})$/;

function format(ms: number, counter: number, node: string): string {
  return `${String(ms).padStart(MS_DIGITS, '0')}-${String(counter).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

/**
 * Parses a stamp. Never throws; a string not of the format above gives `hlc-malformed`.
 */
export function parseHlc(s: string): Result<Hlc> {
  const m = HLC_PATTERN.exec(s);
  if (m?.[1] === undefined || m[2] === undefined || m[3] === undefined) {
    return err({
      code: 'hlc-malformed',
      message: `Not a hybrid logical clock stamp: ${s.slice(0, 100)}`,
    });
  }
  return ok({ ms: Number(m[1]), counter: Number(m[2]), node: m[3] });
}

/**
 * `stamp` with its node replaced by `node`, time and counter kept (so its place among the node's
 * own stamps holds). A kiosk whose id changed sends its queued stamps this way, because the hub
 * accepts only stamps bearing the pushing kiosk's id (protocol rule 8). A malformed stamp, or an
 * invalid `node`, is returned unchanged, for the hub to reject.
 */
export function withNode(stamp: string, node: string): string {
  const parsed = parseHlc(stamp);
  if (!parsed.ok || parsed.value.node === node || !NODE_PATTERN.test(node)) return stamp;
  return format(parsed.value.ms, parsed.value.counter, node);
}

/**
 * Orders two stamps: negative when a happened before b, positive after, 0 when equal. Valid
 * stamps compare causally; malformed strings are compared as plain strings (no error).
 */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One node's clock. Every stamp it issues is greater than every stamp it issued or received
 * before, even when `now()` jumps back (the wall time is then ignored until it catches up).
 * When more than 999 999 stamps fall in one millisecond the clock borrows the next millisecond.
 */
export class HybridLogicalClock {
  private ms = 0;
  private counter = -1;
  private readonly nodeId: string;
  private readonly now: () => number;

  /** Throws a RangeError when `nodeId` is not 1–64 of `A-Z a-z 0-9 . _ -`. */
  constructor(nodeId: string, now: () => number) {
    if (!NODE_PATTERN.test(nodeId)) throw new RangeError(`invalid HLC node id: ${nodeId}`);
    this.nodeId = nodeId;
    this.now = now;
  }

  /** A fresh stamp for a local change. Never throws. */
  tick(): string {
    this.advance(this.wallMs(), -1, 0);
    return format(this.ms, this.counter, this.nodeId);
  }

  /**
   * Merges a stamp received from another node and returns a fresh stamp greater than both it and
   * every earlier local stamp. Throws a RangeError on a malformed stamp: validate remote input
   * with parseHlc first.
   */
  receive(remote: string): string {
    const parsed = parseHlc(remote);
    if (!parsed.ok) throw new RangeError(parsed.error.message);
    this.advance(this.wallMs(), parsed.value.ms, parsed.value.counter);
    return format(this.ms, this.counter, this.nodeId);
  }

  private wallMs(): number {
    const t = Math.floor(this.now());
    return Number.isFinite(t) ? Math.min(Math.max(t, 0), MAX_MS) : 0;
  }

  private advance(wall: number, remoteMs: number, remoteCounter: number): void {
    const ms = Math.max(this.ms, wall, remoteMs);
    let counter = 0;
    if (ms === this.ms && ms === remoteMs) counter = Math.max(this.counter, remoteCounter) + 1;
    else if (ms === this.ms) counter = this.counter + 1;
    else if (ms === remoteMs) counter = remoteCounter + 1;
    if (counter > MAX_COUNTER) {
      this.ms = Math.min(ms + 1, MAX_MS);
      this.counter = 0;
    } else {
      this.ms = ms;
      this.counter = counter;
    }
  }
}
