/// <reference lib="dom" />
/**
 * What `npm run bench:badge` observes in the page, installed before the app's own scripts run
 * (Playwright `addInitScript`): the Enter keys, the greeting's paints, the IndexedDB commits that
 * write a visit with its outbox entry, and the screens shown. The app is not changed for it: the paints come from
 * the Element Timing API (`elementtiming="greeting-name"`), the commits from wrapping IndexedDB's
 * own prototypes, so the time is the database's `complete` event, not a mark the app chose.
 */

/** A painted greeting name (PerformanceElementTiming). */
export interface GreetingPaint {
  renderTime: number;
  text: string;
}

/** A committed read-write transaction over visits and outbox, and what it wrote. */
export interface VisitCommit {
  /** performance.now() in the transaction's `complete` event. */
  at: number;
  visits: { personId: string; isOpen: boolean }[];
  outbox: number;
}

/** `window.__bench`: everything observed so far, in order. */
export interface BenchProbes {
  /**
   * Each Enter keydown, seen first (capture phase on window): its `event.timeStamp` (`at`), when
   * the page began handling it (`handledAt`), and once the event has gone through the page whether
   * the wedge detector took it as the end of a card (it then cancels it); null until known.
   */
  enters: { at: number; handledAt: number; isRead: boolean | null }[];
  paints: GreetingPaint[];
  commits: VisitCommit[];
  /** Every screen shown (`data-screen` of `<main>`) and when the DOM changed to it, in order. */
  screens: { screen: string; at: number }[];
}

/**
 * Installs the probes; serialized into the page, so it may use nothing from outside its body.
 * Registered before the app's listeners, so it sees the Enter the wedge detector swallows and
 * the `complete` event before Dexie resolves the transaction.
 */
export function installProbes(): void {
  const probes: BenchProbes = { enters: [], paints: [], commits: [], screens: [] };
  new MutationObserver((records) => {
    for (const r of records) {
      const screen = (r.target as Element).getAttribute('data-screen');
      if (r.attributeName === 'data-screen' && screen !== null) {
        probes.screens.push({ screen, at: performance.now() });
      }
    }
  }).observe(document, { subtree: true, attributeFilter: ['data-screen'] });
  (window as unknown as { __bench: BenchProbes }).__bench = probes;
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.code !== 'Enter') return;
      const enter = {
        at: e.timeStamp,
        handledAt: performance.now(),
        isRead: null as boolean | null,
      };
      probes.enters.push(enter);
      // After the whole dispatch: the detector's listener has run by then.
      setTimeout(() => {
        enter.isRead = e.defaultPrevented;
      }, 0);
    },
    { capture: true },
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const e = entry as PerformanceEntry & {
        identifier?: string;
        renderTime?: number;
        element?: Element | null;
      };
      if (e.identifier !== 'greeting-name') continue;
      probes.paints.push({ renderTime: e.renderTime ?? 0, text: e.element?.textContent ?? '' });
    }
  }).observe({ type: 'element', buffered: true });

  // The originals, taken as plain functions so the wrappers can call them on their receiver.
  const original = (proto: object, name: string): unknown =>
    Object.getOwnPropertyDescriptor(proto, name)?.value;
  type Store = (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest<IDBValidKey>;
  const transaction = original(IDBDatabase.prototype, 'transaction') as (
    this: IDBDatabase,
    stores: string | string[],
    mode?: IDBTransactionMode,
    o?: IDBTransactionOptions,
  ) => IDBTransaction;
  const put = original(IDBObjectStore.prototype, 'put') as Store;
  const add = original(IDBObjectStore.prototype, 'add') as Store;
  const written = new WeakMap<IDBTransaction, VisitCommit>();
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    stores: string | string[],
    mode?: IDBTransactionMode,
    options?: IDBTransactionOptions,
  ): IDBTransaction {
    const tx = transaction.call(this, stores, mode, options);
    const names = typeof stores === 'string' ? [stores] : [...stores];
    if (mode === 'readwrite' && names.includes('visits') && names.includes('outbox')) {
      const commit: VisitCommit = { at: 0, visits: [], outbox: 0 };
      written.set(tx, commit);
      tx.addEventListener('complete', () => {
        commit.at = performance.now();
        probes.commits.push(commit);
      });
    }
    return tx;
  };
  const note = (store: IDBObjectStore, value: unknown): void => {
    const commit = written.get(store.transaction);
    if (commit === undefined) return;
    if (store.name === 'outbox') commit.outbox += 1;
    if (store.name === 'visits' && typeof value === 'object' && value !== null) {
      const v = value as { personId?: unknown; checkOutAt?: unknown };
      commit.visits.push({ personId: String(v.personId), isOpen: v.checkOutAt === undefined });
    }
  };
  IDBObjectStore.prototype.put = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    note(this, value);
    return key === undefined ? put.call(this, value) : put.call(this, value, key);
  };
  IDBObjectStore.prototype.add = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    note(this, value);
    return key === undefined ? add.call(this, value) : add.call(this, value, key);
  };
}
