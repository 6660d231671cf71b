/**
 * Hub ingest micro-benchmark: visit mutations pushed over HTTP (loopback, one kiosk, batches of
 * 500, gzip) into a fresh hub on SQLite and, when HUB_TEST_POSTGRES_URL is set, on PostgreSQL
 * (run it through scripts/with-postgres.sh). Each rate covers auth, parsing, validation, merge,
 * the commit and the reply. Prints one line per store, then one JSON line:
 * {"hub_ingest_sqlite_per_s": …, "hub_ingest_postgres_per_s": … | null}.
 * Options (env): BENCH_MUTATIONS (default 20000), BENCH_BATCH (default 500), BENCH_RANDOM_IDS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { PROTOCOL_VERSION, type Mutation } from '#shared/sync/protocol';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { newRecordId } from '#shared/sync/record-ids';
import { addKiosk } from '#hub/admin/admin';
import { memoryLog } from '#hub/log';
import { createHub } from '#hub/server';
import type { HubStore } from '#hub/store/store';
import { hubPut } from '#hub/test-support/hub-writes';
import { storeCases } from '#hub/test-support/stores';
import { envCount } from './bench-env';

const TOTAL = envCount('BENCH_MUTATIONS', 20_000);
const BATCH = envCount('BENCH_BATCH', 500);
const SPACE = 'co-nnexion-mons';

/**
 * Mutation ids as kiosks send them (renderer/src/lib/sync/wire-ids.ts): one random install id per
 * kiosk database, then the outbox seq in base 36. BENCH_RANDOM_IDS=1 sends random UUIDs instead,
 * as kiosks did before.
 */
function mutationIds(): (i: number) => string {
  if (process.env['BENCH_RANDOM_IDS'] === '1') return () => randomUUID();
  const installId = randomBytes(16).toString('base64url');
  return (i) => `${installId}_${(i + 1).toString(36)}`;
}

function visits(count: number): Mutation[] {
  const clock = new HybridLogicalClock('bench-kiosk', Date.now);
  const mutationId = mutationIds();
  // Record ids as kiosks make them (shared/sync/record-ids.ts), random ones with BENCH_RANDOM_IDS.
  const recordId = process.env['BENCH_RANDOM_IDS'] === '1' ? randomUUID : newRecordId;
  return Array.from({ length: count }, (_, i) => {
    const id = recordId();
    return {
      mutationId: mutationId(i),
      table: 'visits',
      op: 'put',
      recordId: id,
      record: {
        id,
        spaceId: SPACE,
        personKind: 'member',
        personId: `member-${i % 300}`,
        cardId: '14008EC793',
        method: 'wedge',
        checkInAt: Date.now() - 3600_000,
        kioskId: 'bench-kiosk',
      },
      hlc: clock.tick(),
    };
  });
}

async function measure(store: HubStore): Promise<number> {
  const hub = createHub({ store, log: memoryLog() });
  const { port } = await hub.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  try {
    // The space's record, with its zone: the indicators' tallies count visits by local date.
    const space = {
      id: SPACE,
      name: 'Co-nnexion',
      city: 'Mons',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr'],
    };
    await hubPut(store, 'spaces', [space], Date.now());
    const { code } = await addKiosk(store, SPACE, Date.now());
    const enrol = await fetch(`${base}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'enrol',
        protocolVersion: PROTOCOL_VERSION,
        code,
        kioskId: 'bench-kiosk',
      }),
    });
    const { token } = (await enrol.json()) as { token: string };
    const all = visits(TOTAL);
    // Bodies are prepared up front: the kiosk's cost is not the hub's.
    const bodies: Uint8Array<ArrayBuffer>[] = [];
    for (let i = 0; i < all.length; i += BATCH) {
      const body = {
        type: 'push',
        protocolVersion: PROTOCOL_VERSION,
        kioskId: 'bench-kiosk',
        batch: all.slice(i, i + BATCH),
      };
      bodies.push(new Uint8Array(gzipSync(JSON.stringify(body))));
    }
    const started = performance.now();
    let accepted = 0;
    for (const body of bodies) {
      const res = await fetch(`${base}/v1/sync/push`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: `Bearer ${token}`,
        },
        body,
      });
      const reply = (await res.json()) as { accepted?: string[] };
      if (res.status !== 200)
        throw new Error(`push failed: ${res.status} ${JSON.stringify(reply)}`);
      accepted += reply.accepted?.length ?? 0;
    }
    const seconds = (performance.now() - started) / 1000;
    if (accepted !== TOTAL) throw new Error(`only ${accepted} of ${TOTAL} accepted`);
    return Math.round(TOTAL / seconds);
  } finally {
    await hub.close();
  }
}

const results: Record<string, number | null> = {
  hub_ingest_sqlite_per_s: null,
  hub_ingest_postgres_per_s: null,
};
for (const storeCase of storeCases()) {
  const db = await storeCase.create();
  const store = await db.open();
  try {
    const rate = await measure(store);
    results[`hub_ingest_${storeCase.name}_per_s`] = rate;
    process.stdout.write(
      `${storeCase.name}: ${rate} mutations/s (${TOTAL} visits, batches of ${BATCH})\n`,
    );
  } finally {
    await store.close();
    await db.drop();
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
