/// <reference lib="dom" />
/**
 * The page side of `npm run bench:sync`, bundled by esbuild into one script that the benchmark
 * evaluates in the kiosk page. It uses the app's own KioskDb class (same schema, same strict
 * durability), so seeding and the bulkPut baseline touch IndexedDB exactly as the app does.
 * Exposes `globalThis.syncBench` (see SyncBenchPage); every method rejects with the Dexie error.
 */
import type { OutboxEntry, Visit } from '#shared/domain/types';
import { createDb, DEFAULT_DB_NAME } from '#renderer/lib/db/kiosk-db';
import { readPullPosition } from '#renderer/lib/sync/sync-records';
import { newRecordId } from '#shared/sync/record-ids';

/** What the bundle puts on `globalThis.syncBench`. */
export interface SyncBenchPage {
  /**
   * Queues `count` check-ins in the kiosk's database as the badge flow writes them: each visit and
   * its outbox entry (a put of the whole visit) in the same transaction, `chunk` per transaction.
   */
  seedBacklog(args: {
    count: number;
    chunk: number;
    spaceId: string;
    kioskId: string;
  }): Promise<void>;
  /** Counts rows of the kiosk database's `visits` and `outbox`; its stored pull cursor. */
  counts(): Promise<{ visits: number; outbox: number; cursor: number }>;
  /**
   * Copies the kiosk database's visits into a fresh database of the same class with bulkPut,
   * `batch` records per call (one transaction each, as a pull page), and resolves with the
   * milliseconds the bulkPuts took (reading the source is not counted). Deletes the copy after.
   */
  bulkPutBaseline(args: { batch: number }): Promise<{ records: number; ms: number }>;
}

function hlcOf(ms: number, counter: number, node: string): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

const page: SyncBenchPage = {
  async seedBacklog({ count, chunk, spaceId, kioskId }) {
    const db = createDb(DEFAULT_DB_NAME);
    try {
      const start = Date.now() - count;
      for (let from = 0; from < count; from += chunk) {
        const visits: Visit[] = [];
        const entries: OutboxEntry[] = [];
        for (let i = from; i < Math.min(count, from + chunk); i++) {
          const at = start + i;
          const visit: Visit = {
            // As the badge flow names them (shared/sync/record-ids.ts).
            id: newRecordId(),
            spaceId,
            personKind: 'member',
            personId: `member-${String(i % 300)}`,
            cardId: `3A${(0x10000000 + (i % 300)).toString(16).toUpperCase()}`,
            method: 'wedge',
            checkInAt: at,
            kioskId,
          };
          visits.push(visit);
          entries.push({
            mutationId: crypto.randomUUID(),
            table: 'visits',
            op: 'put',
            recordId: visit.id,
            record: visit,
            hlc: hlcOf(at, 0, kioskId),
            createdAt: at,
          });
        }
        await db.transaction('rw', db.visits, db.outbox, async () => {
          await db.visits.bulkAdd(visits);
          await db.outbox.bulkAdd(entries);
        });
      }
    } finally {
      db.close();
    }
  },
  async counts() {
    const db = createDb(DEFAULT_DB_NAME);
    try {
      return {
        visits: await db.visits.count(),
        outbox: await db.outbox.count(),
        cursor: (await readPullPosition(db)).cursor,
      };
    } finally {
      db.close();
    }
  },
  async bulkPutBaseline({ batch }) {
    const source = createDb(DEFAULT_DB_NAME);
    let records: Visit[];
    try {
      records = await source.visits.toArray();
    } finally {
      source.close();
    }
    const name = `bench-bulkput-${crypto.randomUUID()}`;
    const copy = createDb(name);
    try {
      await copy.open();
      const started = performance.now();
      for (let i = 0; i < records.length; i += batch) {
        await copy.visits.bulkPut(records.slice(i, i + batch));
      }
      return { records: records.length, ms: performance.now() - started };
    } finally {
      await copy.delete();
    }
  },
};

(globalThis as unknown as { syncBench: SyncBenchPage }).syncBench = page;
