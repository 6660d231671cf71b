import type { Page } from '@playwright/test';
import type { OutboxEntry, Visit } from '#shared/domain/types';
import { writeStores, type RawWrite } from '../idb';

/**
 * Queues `visits` in the kiosk's IndexedDB as the badge flow writes them: each visit and its
 * outbox entry (a whole-record put, stamped by `kioskId` at `now`) in one transaction. Later
 * versions of a visit (a check-out) go after earlier ones, in array order.
 */
export async function queueVisitRecords(
  page: Page,
  visits: readonly Visit[],
  kioskId: string,
  now = Date.now(),
): Promise<void> {
  const writes: RawWrite[] = visits.flatMap((visit, i) => {
    const entry: OutboxEntry = {
      mutationId: crypto.randomUUID(),
      table: 'visits',
      op: 'put',
      recordId: visit.id,
      record: visit,
      hlc: `${String(now).padStart(15, '0')}-${String(i).padStart(6, '0')}-${kioskId}`,
      createdAt: now,
    };
    return [
      { store: 'visits', put: visit },
      { store: 'outbox', add: entry },
    ];
  });
  await writeStores(page, writes);
}
