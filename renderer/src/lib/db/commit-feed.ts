import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, Middleware } from 'dexie';

/** One mutation a committed transaction made to a table, as the app wrote it. */
export type CommittedChange =
  /** Records put or added (their values as written, derived index fields not yet added). */
  | { table: string; op: 'put'; values: readonly unknown[] }
  /** Records deleted by primary key. */
  | { table: string; op: 'delete'; keys: readonly unknown[] }
  /** A key range deleted (e.g. `Table.clear()`): which records went is not known here. */
  | { table: string; op: 'delete-range' };

/** Told the changes of one committed transaction, in the order they were made. */
export type CommitListener = (changes: readonly CommittedChange[]) => void;

interface EventTargetLike {
  addEventListener(type: 'complete', listener: () => void): void;
}

function isEventTarget(trans: unknown): trans is EventTargetLike {
  return typeof (trans as Partial<EventTargetLike> | null)?.addEventListener === 'function';
}

/**
 * Tells listeners, once a read-write transaction of the database has COMMITTED, every mutation it
 * made — whoever made it: the badge flow, the walk-in desk, closing time, an applied sync pull, an
 * erasure, a retention purge. A transaction that aborts tells nothing. Upgrade transactions are
 * not followed (nothing listens before the database is open).
 *
 * Ordering guarantee: listeners run in the transaction's `complete` event, registered when the
 * transaction is created — before Dexie's own handler, which resolves `db.transaction(…)`. So when
 * an `await db.transaction(…)` resumes, every listener has already seen its changes. A listener
 * that throws is logged and does not stop the others.
 */
export class CommitFeed {
  readonly #listeners = new Set<CommitListener>();
  readonly #pending = new WeakMap<object, CommittedChange[]>();

  /** Adds a listener; returns its unsubscribe. */
  subscribe(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The DBCore middleware that feeds it; KioskDb installs it last (outermost). */
  readonly middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'commitFeed',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const trans = down.transaction(stores, mode, options);
        if (mode === 'readwrite' && isEventTarget(trans)) {
          const changes: CommittedChange[] = [];
          this.#pending.set(trans, changes);
          trans.addEventListener('complete', () => {
            if (changes.length > 0) this.#emit(changes);
          });
        }
        return trans;
      },
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: async (req) => {
            const res = await table.mutate(req);
            this.#pending.get(req.trans)?.push(...changeOf(name, req, res));
            return res;
          },
        };
      },
    }),
  };

  #emit(changes: readonly CommittedChange[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (e) {
        console.error('commit listener failed', e);
      }
    }
  }
}

function changeOf(
  table: string,
  req: DBCoreMutateRequest,
  res: DBCoreMutateResponse,
): CommittedChange[] {
  // A failed operation of a bulk request wrote nothing; the others did.
  const kept = <T>(items: readonly T[]): readonly T[] =>
    res.numFailures === 0 ? items : items.filter((_, i) => !(i in res.failures));
  switch (req.type) {
    case 'add':
    case 'put':
      return [{ table, op: 'put', values: kept(req.values) }];
    case 'delete':
      return [{ table, op: 'delete', keys: kept(req.keys) }];
    case 'deleteRange':
      return [{ table, op: 'delete-range' }];
  }
}
