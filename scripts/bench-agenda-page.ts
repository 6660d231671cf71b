/// <reference lib="dom" />
/**
 * The page side of `npm run bench:agenda`, bundled by esbuild and evaluated in the kiosk page (the
 * built renderer). It stores the bench's occurrences in the app's database as the app stores them
 * (the index-only `dayKeys` from the app's `withDerived`), through raw IndexedDB transactions, and
 * watches what the bench times: each pointerup's `timeStamp` (the end of a tap, which fires its
 * click), and each paint of an agenda row's
 * title (Element Timing, `elementtiming="agenda-row"` in AgendaEventRow.svelte) with its event id.
 * Exposes `globalThis.agendaBench` (AgendaBenchPage); every method rejects with the IndexedDB error.
 */
import type { AgendaEvent, Lang } from '#shared/domain/types';
import { LANGS } from '#shared/domain/types';
import { DEMO_SPACES } from '#shared/demo/demo-data';
import { withDerived } from '#renderer/lib/db/derived-index';
import { createDb } from '#renderer/lib/db/kiosk-db';
import { windowEvents } from '#renderer/lib/agenda/agenda-queries';
import { openAppDb } from './bench-page-idb';

/** A row title's paint: when, and which event. */
export interface RowPaint {
  renderTime: number;
  eventId: string;
}

/** What the bundle puts on `globalThis.agendaBench`. */
export interface AgendaBenchPage {
  /** Stores occurrences [from, to) of `total`, spread over a year from `now`, in one transaction. */
  seed(args: { from: number; to: number; total: number; now: number }): Promise<void>;
  /** Stored occurrences. */
  count(): Promise<number>;
  /**
   * Reads the agenda's window as the app does (`windowEvents`: what runs at `now` and what
   * starts in the next four weeks) `runs` times through a Dexie connection of its own; resolves
   * with each read's duration (ms, to the last record deserialized) and the occurrences read.
   */
  windowRead(args: { now: number; runs: number }): Promise<{ ms: number[]; count: number }>;
  /** The last pointerup's `timeStamp` and every row paint since the page loaded. */
  probes(): { lastPointerUp: number; paints: RowPaint[] };
}

const YEAR_MS = 365 * 86_400_000;

/** Occurrence `i` of `total`: evenly over the year, every space and language in turn. */
function occurrence(i: number, total: number, now: number): AgendaEvent {
  const space = DEMO_SPACES[i % DEMO_SPACES.length] ?? DEMO_SPACES[0];
  const lang: Lang = LANGS[i % LANGS.length] ?? 'fr';
  const startsAt = now + Math.floor((i / total) * YEAR_MS);
  // One in twenty lasts three days: the day index's multi-day rows are exercised too.
  const length = i % 20 === 0 ? 3 * 86_400_000 : 90 * 60_000;
  return {
    id: `bench-${String(i)}`,
    spaceId: space?.id ?? 'co-nnexion-mons',
    uid: `bench-series-${String(i % 500)}@bench`,
    startsAt,
    endsAt: startsAt + length,
    allDay: false,
    lang,
    title: { [lang]: `Bench event ${String(i)} at ${space?.name ?? ''}` },
    status: i % 37 === 0 ? 'cancelled' : 'confirmed',
    updatedAt: now,
  };
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('aborted'));
    };
  });
}

const probes = { lastPointerUp: -1, paints: [] as RowPaint[] };
addEventListener(
  'pointerup',
  (e) => {
    probes.lastPointerUp = e.timeStamp;
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
    if (e.identifier !== 'agenda-row') continue;
    const row = e.element?.closest('[data-event-id]');
    probes.paints.push({
      renderTime: e.renderTime ?? 0,
      eventId: row?.getAttribute('data-event-id') ?? '',
    });
  }
}).observe({ type: 'element', buffered: true });

const api: AgendaBenchPage = {
  async seed({ from, to, total, now }) {
    const db = await openAppDb();
    try {
      const tx = db.transaction('events', 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore('events');
      for (let i = from; i < to; i += 1)
        store.put(withDerived('events', occurrence(i, total, now)));
      await done(tx);
    } finally {
      db.close();
    }
  },
  async count() {
    const db = await openAppDb();
    try {
      const req = db.transaction('events').objectStore('events').count();
      return await new Promise<number>((resolve, reject) => {
        req.onsuccess = () => {
          resolve(req.result);
        };
        req.onerror = () => {
          reject(req.error ?? new Error('count failed'));
        };
      });
    } finally {
      db.close();
    }
  },
  async windowRead({ now, runs }) {
    const db = createDb();
    try {
      const ms: number[] = [];
      let count = 0;
      for (let i = 0; i < runs; i += 1) {
        const t0 = performance.now();
        count = (await windowEvents(db, now, now + 28 * 86_400_000)).length;
        ms.push(performance.now() - t0);
      }
      return { ms, count };
    } finally {
      db.close();
    }
  },
  probes: () => ({ lastPointerUp: probes.lastPointerUp, paints: [...probes.paints] }),
};
(globalThis as unknown as { agendaBench: AgendaBenchPage }).agendaBench = api;
