import { err, type Result } from '#shared/result';
import type { Mutation, PullResponse, PushResponse } from '#shared/sync/protocol';

/**
 * The hub lab's commands as browser tests see them (test/hub-lab/hub-lab.ts runs them in Node
 * with a real hub and main's real hub client). Everything crossing is plain JSON.
 */
export type HubLabFault = 'none' | 'fail' | 'lose' | 'dup' | 'crash';

export type HubLabStoreKind = 'sqlite' | 'postgres';

export interface HubLabStart {
  readonly store: HubLabStoreKind;
  readonly spaceId: string;
  readonly kiosks: readonly string[];
  /**
   * Hub-side records written by the admin before any kiosk syncs: the space `spaceId` (which the
   * kiosks enrol into; the lab refuses a seed without it), members, visitors.
   */
  readonly seed: Mutation[];
}

export interface HubLabCall {
  readonly labId: number;
  readonly kioskId: string;
  readonly op: 'push' | 'pull';
  readonly request: unknown;
  readonly fault: HubLabFault;
  /** The error code a `fail` fault answers (default `hub-unavailable`, a hub that is down). */
  readonly failCode?: string;
}

export type HubLabReply =
  | { readonly kind: 'result'; readonly result: Result<PushResponse | PullResponse> }
  | { readonly kind: 'crashed' };

export interface HubLabState {
  /** Live records by table (tombstones left out), as a kiosk of the space would hold them. */
  readonly tables: Partial<Record<string, { id: string }[]>>;
  readonly head: number;
  readonly verdicts: number;
  /** The hub database's epoch (a wiped hub has another). */
  readonly epoch: string;
  /** Push requests handed to the kiosks' hub clients (a `dup` counts twice, a `fail` not at all). */
  readonly pushes: number;
}

/** What one erasure compaction of the lab's hub did and left (hub/sync/compaction.ts). */
export interface HubLabCompaction {
  readonly compacted: number;
  readonly waiting: number;
  /** Records the hub holds that no kiosk sees (tombstones): 0 once every erasure is compacted. */
  readonly tombstones: number;
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    hubLabStores: () => Promise<HubLabStoreKind[]>;
    hubLabStart: (input: HubLabStart) => Promise<number>;
    hubLabCall: (call: HubLabCall) => Promise<HubLabReply>;
    hubLabAdmin: (labId: number, batch: Mutation[]) => Promise<void>;
    hubLabState: (labId: number) => Promise<HubLabState>;
    hubLabCompact: (labId: number) => Promise<HubLabCompaction>;
    hubLabStop: (labId: number) => Promise<void>;
    /** A wiped hub: a new database (another epoch), same space, kiosks enrolled again. */
    hubLabReplaceHub: (labId: number) => Promise<void>;
  }
}

/**
 * Sends one request under `fault` (see test/hub-lab/hub-lab.ts for what each fault stands for);
 * shared by the real hub lab and the in-memory model hub so both inject faults alike.
 */
export async function sendWithFault(
  fault: HubLabFault,
  send: () => Promise<Result<PushResponse | PullResponse>>,
  failCode = 'hub-unavailable',
): Promise<HubLabReply> {
  if (fault === 'fail') {
    return { kind: 'result', result: err({ code: failCode, message: 'injected: hub down' }) };
  }
  let result = await send();
  if (fault === 'dup') result = await send();
  if (fault === 'lose') {
    return {
      kind: 'result',
      result: err({ code: 'hub-network', message: 'injected: reply lost' }),
    };
  }
  return fault === 'crash' ? { kind: 'crashed' } : { kind: 'result', result };
}
