import type { Page } from '@playwright/test';

/** The kiosk's IndexedDB database (renderer/src/lib/db DEFAULT_DB_NAME). */
export const KIOSK_DB = 'coffee-kiosk';

/**
 * The slice of the browser's IndexedDB API the reader below uses. The e2e code is type-checked
 * with Node's libraries (no DOM), so the few members used are named here.
 */
interface Req<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface Db {
  objectStoreNames: { contains(name: string): boolean };
  transaction(
    store: string,
    mode: 'readonly',
  ): { objectStore(name: string): { getAll(): Req<unknown[]> } };
  close(): void;
}
interface Idb {
  open(name: string): Req<Db>;
}

/**
 * Every row of `store` in the kiosk database, read with the raw IndexedDB API (not through the
 * app), so assertions see what is really on disk. Resolves [] when the store does not exist;
 * rejects when IndexedDB does.
 */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    async ([dbName, storeName]) => {
      const idb = (globalThis as unknown as { indexedDB: Idb }).indexedDB;
      const done = <R>(req: Req<R>): Promise<R> =>
        new Promise((resolve, reject) => {
          req.onsuccess = () => {
            resolve(req.result);
          };
          req.onerror = () => {
            reject(new Error(String(req.error)));
          };
        });
      const db = await done(idb.open(dbName));
      try {
        if (!db.objectStoreNames.contains(storeName)) return [];
        return await done(db.transaction(storeName, 'readonly').objectStore(storeName).getAll());
      } finally {
        db.close();
      }
    },
    [KIOSK_DB, store] as const,
  ) as Promise<T[]>;
}

/**
 * Every object store of the kiosk database with all its rows, read with the raw IndexedDB API:
 * index-only fields (search keys, bound card keys) included, as they are on disk. Rejects when
 * IndexedDB does.
 */
export async function readAllStores(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (dbName) => {
    interface R<T> {
      result: T;
      error: unknown;
      onsuccess: (() => void) | null;
      onerror: (() => void) | null;
    }
    interface AllDb {
      objectStoreNames: ArrayLike<string>;
      transaction(
        stores: string[],
        mode: 'readonly',
      ): { objectStore(name: string): { getAll(): R<unknown[]> } };
      close(): void;
    }
    const idb = (globalThis as unknown as { indexedDB: { open(name: string): R<AllDb> } })
      .indexedDB;
    const done = <T>(req: R<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        req.onsuccess = () => {
          resolve(req.result);
        };
        req.onerror = () => {
          reject(new Error(String(req.error)));
        };
      });
    const db = await done(idb.open(dbName));
    try {
      const names = Array.from(db.objectStoreNames);
      const tx = db.transaction(names, 'readonly');
      const out: Record<string, unknown[]> = {};
      for (const name of names) out[name] = await done(tx.objectStore(name).getAll());
      return out;
    } finally {
      db.close();
    }
  }, KIOSK_DB);
}

/** One raw write of `writeStores`: a put, an add (auto-increment keys allowed) or a delete by key. */
export type RawWrite =
  | { readonly store: string; readonly put: unknown }
  | { readonly store: string; readonly add: unknown }
  | { readonly store: string; readonly delete: string };

/**
 * Applies `writes` in order in ONE readwrite transaction of the kiosk database, with the raw
 * IndexedDB API (as a test's stand-in for the app's own writes, e.g. a backlog of queued check-ins).
 * Rejects, having written nothing, when the transaction fails.
 */
export async function writeStores(page: Page, writes: readonly RawWrite[]): Promise<void> {
  await page.evaluate(
    async ([dbName, ops]) => {
      interface R<T> {
        result: T;
        onsuccess: (() => void) | null;
        onerror: (() => void) | null;
      }
      interface Store {
        put(v: unknown): unknown;
        add(v: unknown): unknown;
        delete(k: string): unknown;
      }
      interface Tx {
        objectStore(name: string): Store;
        oncomplete: (() => void) | null;
        onerror: (() => void) | null;
        onabort: (() => void) | null;
      }
      interface WriteDb {
        transaction(stores: string[], mode: 'readwrite'): Tx;
        close(): void;
      }
      const idb = (globalThis as unknown as { indexedDB: { open(name: string): R<WriteDb> } })
        .indexedDB;
      const open = idb.open(dbName);
      const db = await new Promise<WriteDb>((resolve, reject) => {
        open.onsuccess = () => {
          resolve(open.result);
        };
        open.onerror = () => {
          reject(new Error('open failed'));
        };
      });
      try {
        const tx = db.transaction([...new Set(ops.map((w) => w.store))], 'readwrite');
        for (const w of ops) {
          const store = tx.objectStore(w.store);
          if ('put' in w) store.put(w.put);
          else if ('add' in w) store.add(w.add);
          else store.delete(w.delete);
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => {
            resolve();
          };
          tx.onerror = tx.onabort = () => {
            reject(new Error('write failed'));
          };
        });
      } finally {
        db.close();
      }
    },
    [KIOSK_DB, writes] as const,
  );
}

/**
 * Deletes the kiosk database, as a wiped kiosk's disk: the app's open connection closes itself
 * when asked (Dexie closes on `versionchange`), then the deletion completes. Reload the app after
 * it. Rejects when IndexedDB refuses, or when a connection still blocks the deletion after 10 s.
 */
export async function deleteKioskDb(page: Page): Promise<void> {
  await page.evaluate(async (dbName) => {
    interface Del {
      onsuccess: (() => void) | null;
      onerror: (() => void) | null;
      onblocked: (() => void) | null;
    }
    const idb = (globalThis as unknown as { indexedDB: { deleteDatabase(name: string): Del } })
      .indexedDB;
    const req = idb.deleteDatabase(dbName);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`deleting ${dbName} stayed blocked`));
      }, 10_000);
      req.onsuccess = () => {
        clearTimeout(timer);
        resolve();
      };
      req.onerror = () => {
        clearTimeout(timer);
        reject(new Error(`deleting ${dbName} failed`));
      };
    });
  }, KIOSK_DB);
}
