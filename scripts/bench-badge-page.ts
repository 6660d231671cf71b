/// <reference lib="dom" />
/**
 * The page side of `npm run bench:badge`, bundled by esbuild and evaluated in the kiosk page (the
 * built renderer). It stores the bench's members and visits (scripts/bench-badge-people.ts) in the
 * app's database exactly as the app stores them — card keys from the app's `enrolmentKeys`, the
 * index-only fields from the app's `withDerived` — but through large raw IndexedDB transactions
 * with relaxed durability, since seeding 1 200 000 records through Dexie one page at a time would
 * take most of an hour. Exposes `globalThis.badgeBench` (BadgeBenchPage); every method rejects with
 * the IndexedDB error.
 */
import { enrolmentKeys } from '#shared/card/card-id';
import { withDerived } from '#renderer/lib/db/derived-index';
import { openAppDb } from './bench-page-idb';
import { cardsOf, memberOf, visitOf } from './bench-badge-people';

/** What the bundle puts on `globalThis.badgeBench`. */
export interface BadgeBenchPage {
  /** Stores members [from, to) in one transaction. */
  seedMembers(args: { from: number; to: number }): Promise<void>;
  /** Stores visits [from, to) of a network of `members`, dated from `now`, in one transaction. */
  seedVisits(args: { from: number; to: number; members: number; now: number }): Promise<void>;
  /** Row counts of members and visits. */
  counts(): Promise<{ members: number; visits: number }>;
}

async function putAll(store: 'members' | 'visits', rows: unknown[]): Promise<void> {
  const db = await openAppDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
      const os = tx.objectStore(store);
      for (const row of rows) os.put(withDerived(store, row));
      tx.oncomplete = () => {
        resolve();
      };
      tx.onabort = () => {
        reject(tx.error ?? new Error(`${store} seed aborted`));
      };
    });
  } finally {
    db.close();
  }
}

function count(store: 'members' | 'visits'): Promise<number> {
  return openAppDb().then(
    (db) =>
      new Promise<number>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => {
          db.close();
          reject(req.error ?? new Error('count failed'));
        };
      }),
  );
}

const page: BadgeBenchPage = {
  async seedMembers({ from, to }) {
    const rows = [];
    for (let i = from; i < to; i++) {
      const keys = cardsOf(i).flatMap((c) => enrolmentKeys(c.id, c.kind));
      rows.push({ ...memberOf(i), cardKeys: [...new Set(keys)] });
    }
    await putAll('members', rows);
  },

  async seedVisits({ from, to, members, now }) {
    const rows = [];
    for (let j = from; j < to; j++) rows.push(visitOf(j, members, now));
    await putAll('visits', rows);
  },

  async counts() {
    return { members: await count('members'), visits: await count('visits') };
  },
};

(globalThis as unknown as { badgeBench: BadgeBenchPage }).badgeBench = page;
