import { expect } from 'vitest';
import { commands } from 'vitest/browser';
import type { SyncedTable } from '#shared/domain/types';
import type { Mutation } from '#shared/sync/protocol';
import {
  sendWithFault,
  type HubLabCall,
  type HubLabCompaction,
  type HubLabReply,
  type HubLabState,
  type HubLabStoreKind,
} from './hub-lab-types';
import { MemoryHub } from './memory-hub';

/** A hub for one sync-model history, reached as main's hub client reaches it, with injected faults. */
export interface ModelHub {
  call(call: Omit<HubLabCall, 'labId'>): Promise<HubLabReply>;
  /** Writes as the hub's admin (edits, imports, erasures); rejects when the hub refuses one. */
  admin(batch: Mutation[]): Promise<void>;
  state(): Promise<HubLabState>;
  /** The real hub's erasure compaction (hub/sync/compaction.ts); the in-memory hub has none. */
  compact?(): Promise<HubLabCompaction>;
  stop(): Promise<void>;
}

/**
 * The REAL hub of a history: a hub lab (test/hub-lab) on `store`, `seed` written by its admin
 * (the space `spaceId` among it), each of `kiosks` enrolled with main's real hub client. Rejects
 * when the lab cannot start.
 */
export async function labModelHub(
  store: HubLabStoreKind,
  spaceId: string,
  kiosks: readonly string[],
  seed: Mutation[],
): Promise<ModelHub> {
  const labId = await commands.hubLabStart({ store, spaceId, kiosks, seed });
  return {
    call: (c) => commands.hubLabCall({ ...c, labId }),
    admin: (batch) => commands.hubLabAdmin(labId, batch),
    state: () => commands.hubLabState(labId),
    compact: () => commands.hubLabCompact(labId),
    stop: () => commands.hubLabStop(labId),
  };
}

/**
 * The in-memory stand-in (memory-hub.ts) of a history, with the lab's fault semantics
 * (`sendWithFault`); `epoch` is what its replies carry. Throws, as the lab rejects, when its admin
 * refuses a seed or a later admin write.
 */
export function memoryModelHub(seed: Mutation[], epoch?: string): ModelHub {
  const hub = new MemoryHub(() => Date.now(), epoch);
  let pushes = 0;
  const admin = (batch: Mutation[]): void => {
    const { rejected } = hub.write(batch);
    if (rejected.length > 0) throw new Error(`admin write refused: ${JSON.stringify(rejected)}`);
  };
  admin(seed);
  return {
    call: ({ op, request, fault, failCode }) =>
      sendWithFault(
        fault,
        () => {
          if (op === 'pull') return hub.pull(request as Parameters<MemoryHub['pull']>[0]);
          pushes += 1;
          return hub.push(request as Parameters<MemoryHub['push']>[0]);
        },
        failCode,
      ),
    admin: (batch) =>
      Promise.resolve().then(() => {
        admin(batch);
      }),
    state() {
      const tables: HubLabState['tables'] = {};
      for (const table of new Set([...hub.records.values()].map((r) => r.table))) {
        const live = hub.all(table) as { id: string }[];
        if (live.length > 0) tables[table] = live;
      }
      return Promise.resolve({
        tables,
        head: hub.head,
        verdicts: hub.verdicts.size,
        epoch: hub.epoch,
        pushes,
      });
    },
    stop: () => Promise.resolve(),
  };
}

/** A state with each table's records in id order (the real hub lists them in log order). */
function byIdState(state: HubLabState): HubLabState {
  const tables: HubLabState['tables'] = {};
  for (const [table, records] of Object.entries(state.tables) as [
    SyncedTable,
    { id: string }[],
  ][]) {
    tables[table] = [...records].sort((a, b) => a.id.localeCompare(b.id));
  }
  return { ...state, tables };
}

/**
 * The conformance pair: the real hub (labModelHub) and the in-memory stand-in, fed the same
 * calls and admin writes in the same order. Each call's reply from the stand-in must equal the
 * real hub's (the kiosk goes on with the real one), and so must every state read. A reply that
 * differs cannot fail the test where it happens (the engine would take the throw for a network
 * error and retry), so the first one is kept and thrown by the next `state()`, which also fails on
 * a state that differs. Has no compaction: the stand-in has none.
 */
export async function pairedModelHub(
  store: HubLabStoreKind,
  spaceId: string,
  kiosks: readonly string[],
  seed: Mutation[],
): Promise<ModelHub> {
  const real = await labModelHub(store, spaceId, kiosks, seed);
  const standIn = memoryModelHub(seed, (await real.state()).epoch);
  let firstMismatch: Error | null = null;
  // One call at a time, real hub then stand-in. The engine keeps up to five pushes in flight
  // (pushWindow); on PostgreSQL their transactions may commit in another order than their replies
  // arrive, so a stand-in fed in reply order numbered the log differently (seq 5 where the real
  // hub said 7, seen once in a few hundred histories). Both now see the same order.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn, fn);
    turn = next.catch(() => undefined);
    return next;
  };
  return {
    call: (c) =>
      inTurn(async () => {
        const expected = await real.call(c);
        const got = await standIn.call(c);
        if (firstMismatch === null) {
          try {
            expect(got, `the stand-in's reply to ${c.kioskId}'s ${c.op} (${c.fault})`).toEqual(
              expected,
            );
          } catch (e) {
            firstMismatch = e instanceof Error ? e : new Error(String(e));
          }
        }
        return expected;
      }),
    async admin(batch) {
      await real.admin(batch);
      await standIn.admin(batch);
    },
    async state() {
      if (firstMismatch !== null) throw firstMismatch;
      const expected = await real.state();
      const got = await standIn.state();
      expect(byIdState(got), "the stand-in's state").toEqual(byIdState(expected));
      return expected;
    },
    stop: () => real.stop(),
  };
}
