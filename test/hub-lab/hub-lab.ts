import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKiosk } from '#hub/admin/admin';
import { memoryLog } from '#hub/log';
import { createHub, type Hub } from '#hub/server';
import pg from 'pg';
import { openPostgresStore } from '#hub/store/postgres-store';
import { openSqliteStore } from '#hub/store/sqlite-store';
import type { HubStore } from '#hub/store/store';
import { compactErasures } from '#hub/sync/compaction';
import { applyPush } from '#hub/sync/push';
import { createHubClient, type HubClient } from '#electron/main/hub-client/hub-client';
import type { HubCredential } from '#electron/main/hub-client/credential-store';
import type { Mutation } from '#shared/sync/protocol';
import {
  sendWithFault,
  type HubLabCall,
  type HubLabCompaction,
  type HubLabReply,
  type HubLabStart,
  type HubLabState,
  type HubLabStoreKind,
} from '#renderer/lib/sync/testing/hub-lab-types';

/**
 * The hub lab: a REAL hub (createHub over a real SQLite file or PostgreSQL schema, listening on
 * 127.0.0.1) and, per
 * kiosk, main's REAL hub client (HTTP, gzip, enrolment), driven from browser tests through Vitest
 * browser commands. The command hop stands where Electron's IPC stands in the product, so the
 * renderer's sync engine under test reaches the hub exactly as it does in a kiosk: engine →
 * (IPC) → hub client → HTTP → hub → SQLite. Faults are injected at that hop only:
 * - `fail`: the request never reaches the hub (hub down), answered `hub-unavailable`;
 * - `lose`: the hub commits, the reply is lost (answered `hub-network`);
 * - `dup`: the request is delivered twice (a retrying proxy), the second reply is returned;
 * - `crash`: the hub commits, then the kiosk dies before reading the reply (the browser side never
 *   resolves the call and reopens its database with a new engine).
 */

interface Lab {
  /** Removes the lab's database (a temp folder, or a PostgreSQL schema). */
  readonly drop: () => Promise<void>;
  readonly store: HubStore;
  readonly hub: Hub;
  readonly clients: Map<string, HubClient>;
  readonly spaceId: string;
  /** Push requests handed to the hub clients so far. */
  pushes: number;
  /** How the lab was started, so its hub can be replaced alike. */
  readonly input: HubLabStart;
}

const labs = new Map<number, Lab>();
let nextLab = 1;

// Under /dev/shm when it exists: a lab runs thousands of commits, each fsynced by the store.
function labDir(): string {
  try {
    return mkdtempSync(join('/dev/shm', 'hub-lab-'));
  } catch {
    return mkdtempSync(join(tmpdir(), 'hub-lab-'));
  }
}

function labOf(labId: number): Lab {
  const lab = labs.get(labId);
  if (!lab) throw new Error(`no hub lab ${String(labId)}`);
  return lab;
}

const POSTGRES_URL = process.env['HUB_TEST_POSTGRES_URL'];

/** The stores labs can run on: SQLite, and PostgreSQL when scripts/with-postgres.sh started one. */
export function hubLabStores(): HubLabStoreKind[] {
  return POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty hub database: a SQLite file, or a schema of its own in the test PostgreSQL. */
async function openLabStore(
  kind: HubLabStoreKind,
  labId: number,
): Promise<{ store: HubStore; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = labDir();
    return {
      store: openSqliteStore(join(dir, 'hub.sqlite')),
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  if (!POSTGRES_URL) throw new Error('HUB_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh)');
  const schema = `hub_lab_${String(process.pid)}_${String(labId)}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    store: await openPostgresStore(url.toString(), 2),
    drop: () => admin(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/**
 * A hub over a fresh database, seeded through the admin path (the space first among the seed),
 * kiosks enrolled.
 */
async function startLabHub(
  input: HubLabStart,
  labId: number,
): Promise<Omit<Lab, 'input' | 'pushes'>> {
  const { store, drop } = await openLabStore(input.store, labId);
  // Pull marks written before each pull answers: the model compacts at random moments.
  const hub = createHub({ store, log: memoryLog(), pullMarkDelayMs: 0 });
  const addr = await hub.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${String(addr.port)}`;
  const now = Date.now();
  const seeded = await applyPush(store, { kind: 'admin' }, input.seed, now);
  if (seeded.rejected.length > 0)
    throw new Error(`seed refused: ${JSON.stringify(seeded.rejected)}`);
  const clients = new Map<string, HubClient>();
  for (const kioskId of input.kiosks) {
    const { code } = await addKiosk(store, input.spaceId, now);
    let saved: HubCredential | null = null;
    const client = createHubClient({
      hubUrl: url,
      kioskId,
      enrolmentCode: code,
      credentials: {
        load: () => Promise.resolve(saved),
        save: (c) => {
          saved = c;
          return Promise.resolve();
        },
      },
      timeoutMs: 10_000,
    });
    const enrolled = await client.enrol();
    if (!enrolled.ok) throw new Error(enrolled.error.message);
    clients.set(kioskId, client);
  }
  return { drop, store, hub, clients, spaceId: input.spaceId };
}

/** Starts a hub with one space, seeds it through the admin path and enrols each kiosk. */
export async function hubLabStart(input: HubLabStart): Promise<number> {
  const hasSpace = input.seed.some(
    (m) => m.table === 'spaces' && m.op === 'put' && m.recordId === input.spaceId,
  );
  if (!hasSpace)
    throw new Error(`the seed must write space ${input.spaceId}: kiosks enrol into it`);
  const labId = nextLab++;
  labs.set(labId, { ...(await startLabHub(input, labId)), input, pushes: 0 });
  return labId;
}

/**
 * Replaces the lab's hub by one over a NEW, empty database (a wiped hub: another epoch), seeded
 * and enrolled as at the start, the same kiosk ids holding new credentials; main's hub clients are
 * replaced with it. Kiosks keep their own databases, and with them the old hub's epoch.
 */
export async function hubLabReplaceHub(labId: number): Promise<void> {
  const old = labOf(labId);
  await old.hub.close();
  await old.store.close();
  await old.drop();
  labs.set(labId, {
    ...(await startLabHub(old.input, nextLab++)),
    input: old.input,
    pushes: old.pushes,
  });
}

/** One push or pull of one kiosk, with the fault the history chose for it. */
export async function hubLabCall(call: HubLabCall): Promise<HubLabReply> {
  const lab = labOf(call.labId);
  const client = lab.clients.get(call.kioskId);
  if (!client)
    throw new Error(`kiosk ${call.kioskId} is not enrolled in lab ${String(call.labId)}`);
  return sendWithFault(
    call.fault,
    () => {
      if (call.op === 'pull') return client.pull(call.request as Parameters<HubClient['pull']>[0]);
      lab.pushes += 1;
      return client.push(call.request as Parameters<HubClient['push']>[0]);
    },
    call.failCode,
  );
}

/**
 * Writes as the hub's admin (imports, edits, erasures), like the CLI does. Rejects when the hub
 * refuses a mutation: a test's hub-side write that did not happen would prove nothing.
 */
export async function hubLabAdmin(labId: number, batch: Mutation[]): Promise<void> {
  const outcome = await applyPush(labOf(labId).store, { kind: 'admin' }, batch, Date.now());
  if (outcome.rejected.length > 0) {
    throw new Error(`admin write refused: ${JSON.stringify(outcome.rejected)}`);
  }
}

/** What the hub holds for the lab's space, as its kiosks would see it, and its counts. */
export async function hubLabState(labId: number): Promise<HubLabState> {
  const lab = labOf(labId);
  const page = await lab.store.pull(0, 100_000, lab.spaceId);
  const tables: HubLabState['tables'] = {};
  for (const c of page.changes) {
    if (c.op !== 'put' || c.record === undefined) continue;
    (tables[c.table] ??= []).push(c.record as { id: string });
  }
  const stats = await lab.store.stats();
  return {
    tables,
    head: page.head,
    verdicts: stats.verdicts,
    epoch: lab.store.epoch,
    pushes: lab.pushes,
  };
}

/** Runs the erasure compaction, as the hub's hourly timer does, and counts what it left. */
export async function hubLabCompact(labId: number): Promise<HubLabCompaction> {
  const lab = labOf(labId);
  const outcome = await compactErasures(lab.store);
  // Every record belongs to the lab's one space, so a pull from 0 lists every live one.
  const live = (await lab.store.pull(0, 100_000, lab.spaceId)).changes.filter(
    (c) => c.op === 'put',
  ).length;
  return { ...outcome, tombstones: (await lab.store.stats()).records - live };
}

export async function hubLabStop(labId: number): Promise<void> {
  const lab = labs.get(labId);
  if (!lab) return;
  labs.delete(labId);
  await lab.hub.close();
  await lab.store.close();
  await lab.drop();
}
