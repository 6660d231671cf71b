import { eventsOnNow } from '#shared/badge/event-window';
import type { AgendaEvent } from '#shared/domain/types';
import type { CommittedChange } from '../db/commit-feed';
import type { KioskDb } from '../db/kiosk-db';

/**
 * This space's agenda events in memory, so a badge tap knows at once which events are on
 * (decision 0025) without waiting for IndexedDB. load() reads them in one transaction and follows
 * the database's commit feed: a sync pull that adds, moves, cancels or deletes an occurrence is
 * reflected before the pull's `await` resumes; after a range delete, the events put in the same
 * transaction are held at once and the rest is read back in the background. Lookups never touch
 * IndexedDB.
 */
export class SpaceEvents {
  readonly #db: KioskDb;
  readonly #spaceId: string;
  readonly #beforeMs: number;
  #events = new Map<string, AgendaEvent>();
  #unsubscribe: () => void = () => undefined;

  /** `beforeMs`: how long before its start an event counts (config `agenda.checkInBeforeMin`). */
  constructor(options: { db: KioskDb; spaceId: string; beforeMs: number }) {
    this.#db = options.db;
    this.#spaceId = options.spaceId;
    this.#beforeMs = options.beforeMs;
  }

  /** Follows the commit feed and loads this space's events. Rejects with the Dexie error. */
  async load(): Promise<void> {
    this.#unsubscribe();
    this.#unsubscribe = this.#db.commits.subscribe((changes) => {
      this.#apply(changes);
    });
    await this.#reload();
  }

  /** Stops following the database. */
  dispose(): void {
    this.#unsubscribe();
    this.#unsubscribe = () => undefined;
  }

  /** The events of this space a tap at `now` may count for (eventsOnNow), by start. */
  onNow(now: number): AgendaEvent[] {
    return eventsOnNow(this.#events.values(), this.#spaceId, now, this.#beforeMs);
  }

  async #reload(): Promise<void> {
    const db = this.#db;
    await db.transaction('r', db.events, async () => {
      const list = await db.events.where('spaceId').equals(this.#spaceId).toArray();
      // Swapped in inside the transaction, before any later write's commit is reported.
      this.#events = new Map(list.map((e) => [e.id, e]));
    });
  }

  #apply(changes: readonly CommittedChange[]): void {
    for (const c of changes) {
      if (c.table !== 'events') continue;
      if (c.op === 'delete-range') {
        // Which events went is not known here: forget all now (a table cleared and refilled in one
        // transaction is right at once), and read back whatever the range left.
        this.#events.clear();
        void this.#reload().catch((e: unknown) => {
          console.error('agenda events reload failed', e);
        });
        continue;
      }
      if (c.op === 'delete') {
        for (const key of c.keys) this.#events.delete(String(key));
        continue;
      }
      for (const value of c.values) {
        const event = value as AgendaEvent;
        if (event.spaceId === this.#spaceId) this.#events.set(event.id, event);
        else this.#events.delete(event.id);
      }
    }
  }
}
