import { commands } from 'vitest/browser';
import type { SyncedTable } from '#shared/domain/types';
import type { Result } from '#shared/result';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Mutation, PullResponse, PushResponse } from '#shared/sync/protocol';
import { aSpace } from '../../db/test-factories';
import type { SyncTransport } from '../sync-engine';
import type { HubLabCall, HubLabFault, HubLabState, HubLabStoreKind } from './hub-lab-types';

/**
 * The REAL hub for renderer tests: a hub lab (test/hub-lab/hub-lab.ts: createHub over SQLite or
 * PostgreSQL, main's real hub client over HTTP) reached through Vitest browser commands, the hop
 * that stands where Electron's IPC stands in a kiosk. Faults a test queues strike that hop, in
 * order, per operation, as the lab's faults do: `failNext` answers an error code without reaching
 * the hub; `loseNextReply` lets the hub commit and loses its reply.
 */
export interface LabHub {
  readonly labId: number;
  /** The space every kiosk of the lab belongs to (written by the admin before any sync). */
  readonly spaceId: string;
  /** Main's hub client of `kioskId` (enrolled at start) behind the IPC hop, with the queued faults. */
  transport(kioskId?: string): SyncTransport;
  /** The next `times` calls of `op` answer `code` and never reach the hub. */
  failNext(times: number, code: string, op: 'push' | 'pull'): void;
  /** The next call of `op` is committed by the hub, then its reply is lost (`hub-network`). */
  loseNextReply(op: 'push' | 'pull'): void;
  /** Writes as the hub's admin (imports, edits, erasures); rejects when the hub refuses one. */
  admin(batch: Mutation[]): Promise<void>;
  /** What the hub holds for the space, as its kiosks see it, and its counts. */
  state(): Promise<HubLabState>;
  /** Stops the hub and removes its database; safe to call twice. */
  stop(): Promise<void>;
}

/** What to start: the store, the enrolled kiosks (the first is the default) and their space. */
export interface LabHubOptions {
  readonly store: HubLabStoreKind;
  readonly kiosks?: readonly string[];
  readonly spaceId?: string;
  /** More admin writes before any sync (the space itself is always written first). */
  readonly seed?: readonly Mutation[];
}

/** An admin or kiosk `put` of a whole record, under a fresh mutation id. */
export function putMutation(table: SyncedTable, record: { id: string }, hlc: string): Mutation {
  return { mutationId: crypto.randomUUID(), table, op: 'put', recordId: record.id, record, hlc };
}

/** The live records of `table` in a lab state, in the hub's log order. */
export function recordsOf<T extends { id: string }>(state: HubLabState, table: SyncedTable): T[] {
  return (state.tables[table] ?? []) as T[];
}

/**
 * Starts a lab hub; its defaults match the renderer's test factories (kiosk `kiosk-1` of
 * `space-a`). Rejects when the lab cannot start (no PostgreSQL, a refused seed).
 */
export async function startLabHub(options: LabHubOptions): Promise<LabHub> {
  const spaceId = options.spaceId ?? 'space-a';
  const kiosks = options.kiosks ?? ['kiosk-1'];
  const hlc = new HybridLogicalClock('hub', Date.now);
  const seed = [
    putMutation('spaces', aSpace({ id: spaceId }), hlc.tick()),
    ...(options.seed ?? []),
  ];
  const labId = await commands.hubLabStart({ store: options.store, spaceId, kiosks, seed });
  const faults: { op: 'push' | 'pull'; fault: HubLabFault; failCode?: string }[] = [];
  let isStopped = false;

  const takeFault = (op: 'push' | 'pull'): Pick<HubLabCall, 'fault' | 'failCode'> => {
    const i = faults.findIndex((f) => f.op === op);
    const found = i < 0 ? undefined : faults.splice(i, 1)[0];
    if (found === undefined) return { fault: 'none' };
    return found.failCode === undefined
      ? { fault: found.fault }
      : { fault: found.fault, failCode: found.failCode };
  };

  const call = async <T>(kioskId: string, op: 'push' | 'pull', request: unknown) => {
    const reply = await commands.hubLabCall({ labId, kioskId, op, request, ...takeFault(op) });
    if (reply.kind === 'crashed') throw new Error('no crash fault is queued by a LabHub');
    return reply.result as Result<T>;
  };

  return {
    labId,
    spaceId,
    transport: (kioskId = kiosks[0] ?? 'kiosk-1') => ({
      push: (r) => call<PushResponse>(kioskId, 'push', r),
      pull: (r) => call<PullResponse>(kioskId, 'pull', r),
    }),
    failNext(times, code, op) {
      for (let i = 0; i < times; i++) faults.push({ op, fault: 'fail', failCode: code });
    },
    loseNextReply(op) {
      faults.push({ op, fault: 'lose' });
    },
    admin: (batch) => commands.hubLabAdmin(labId, batch),
    state: () => commands.hubLabState(labId),
    async stop() {
      if (isStopped) return;
      isStopped = true;
      await commands.hubLabStop(labId);
    },
  };
}
