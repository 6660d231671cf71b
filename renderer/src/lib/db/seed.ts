import { DEMO_MEMBERS, DEMO_SPACES } from '#shared/demo/demo-data';
import type { KioskDb } from './kiosk-db';

/**
 * Puts the demo spaces and members (shared/demo) when the members table is empty; resolves true
 * when it seeded, false when members were already there (so it is safe to call at every start and
 * never overwrites a hub's data). Check and write share one transaction, so two calls cannot both
 * seed. No outbox entries: these are hub-origin records, not local changes. Rejects only when the
 * database does, having written nothing.
 */
export async function seedDemoData(db: KioskDb): Promise<boolean> {
  return db.transaction('rw', db.spaces, db.members, async () => {
    if ((await db.members.count()) > 0) {
      return false;
    }
    await db.spaces.bulkPut([...DEMO_SPACES]);
    await db.members.bulkPut([...DEMO_MEMBERS]);
    return true;
  });
}
