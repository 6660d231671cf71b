import { DEMO_EVENT_PREFIX, demoEvents } from '#shared/demo/demo-events';
import type { KioskDb } from './kiosk-db';

/**
 * Replaces the demo agenda (shared/demo/demo-events.ts) with one made at `now` (each space's
 * events in the zone of the stored space: seed the demo spaces first), in one
 * transaction, so the demo's events always lie ahead. Only demo occurrences (their id prefix) are
 * touched. Loaded lazily (it carries the Temporal polyfill). Rejects with the Dexie error, having
 * written nothing. Resolves with the number of occurrences stored.
 */
export async function seedDemoEvents(db: KioskDb, now: number): Promise<number> {
  const zones = new Map((await db.spaces.toArray()).map((s) => [s.id, s.timezone]));
  const events = demoEvents(now, (id) => zones.get(id) ?? 'Europe/Brussels');
  await db.transaction('rw', db.events, async () => {
    await db.events.where('id').startsWith(DEMO_EVENT_PREFIX).delete();
    await db.events.bulkPut(events);
  });
  return events.length;
}
