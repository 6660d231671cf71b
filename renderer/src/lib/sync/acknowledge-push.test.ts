import { afterEach, describe, expect, test } from 'vitest';
import type { OutboxEntry } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { aVisit, freshDb } from '../db/test-factories';
import { acknowledgePush } from './sync-records';
import { wireMutationId } from './wire-ids';

const INSTALL = 'testinstallid000';

async function queue(db: KioskDb, n: number): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await recordChange(db, {
        table: 'visits',
        op: 'put',
        record: aVisit(),
        hlc: `00170000000000${String(i)}-000000-kiosk-1`,
        now: 0,
      }),
    );
  }
  return out;
}

const accepted = (entries: readonly OutboxEntry[]) => ({
  accepted: entries.map((e) => wireMutationId(INSTALL, e)),
  rejected: [],
});

describe('acknowledgePush', () => {
  let db: KioskDb;
  afterEach(() => {
    db.close();
  });

  test('a fully accepted batch leaves only what was written after it was read', async () => {
    db = freshDb('ack');
    const sent = await queue(db, 5);
    const later = await queue(db, 2);
    expect(await acknowledgePush(db, sent, INSTALL, accepted(sent), 0)).toBe(5);
    expect((await db.outbox.toArray()).map((e) => e.seq)).toEqual(later.map((e) => e.seq));
  });

  test('entries redacted while the batch was in flight are not counted', async () => {
    db = freshDb('ack');
    const sent = await queue(db, 4);
    await db.outbox.bulkDelete([sent[1]?.seq ?? -1, sent[2]?.seq ?? -1]);
    expect(await acknowledgePush(db, sent, INSTALL, accepted(sent), 0)).toBe(2);
    expect(await db.outbox.count()).toBe(0);
  });

  test('entries the hub did not answer stay queued; rejections are logged and removed', async () => {
    db = freshDb('ack');
    const sent = await queue(db, 4);
    const [a, b, c] = sent.map((e) => wireMutationId(INSTALL, e));
    const removed = await acknowledgePush(
      db,
      sent,
      INSTALL,
      {
        accepted: [a ?? '', b ?? ''],
        rejected: [{ mutationId: c ?? '', code: 'record-invalid', reason: 'bad' }],
      },
      0,
    );
    expect(removed).toBe(3);
    expect((await db.outbox.toArray()).map((e) => e.seq)).toEqual([sent[3]?.seq]);
  });
});
