import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '#shared/visitor/retention';
import { applyPush, type Principal } from '../sync/push';
import { compactErasures } from '../sync/compaction';
import { purgeExpiredVisitors } from '../sync/retention';
import { MONS, NOW, erase, member, put, space, visit } from '../test-support/factories';
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { HubStore } from './store';

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const admin: Principal = { kind: 'admin' };

/**
 * The log's invariant without a unique index (change-log.ts): one entry per record, and each
 * record row names its entry, or none when it has none.
 */
async function expectOneEntryPerRecord(url: string): Promise<void> {
  await withRawDb(url, async (raw) => {
    const twice = await raw.query(
      'SELECT tbl, record_id, COUNT(*) AS n FROM changes GROUP BY tbl, record_id HAVING COUNT(*) > 1',
    );
    expect(twice).toEqual([]);
    const rows = await raw.query(
      `SELECT r.tbl, r.record_id, r.change_seq AS named, c.seq AS actual
         FROM records r LEFT JOIN changes c ON c.tbl = r.tbl AND c.record_id = r.record_id`,
    );
    // PostgreSQL's BIGINT values come back as strings, SQLite's as numbers.
    const wrong = rows.filter(
      (r) => r['actual'] !== null && Number(r['named']) !== Number(r['actual']),
    );
    expect(wrong).toEqual([]);
    const orphans = await raw.query(
      `SELECT c.tbl, c.record_id FROM changes c
         LEFT JOIN records r ON r.tbl = c.tbl AND r.record_id = c.record_id
        WHERE r.record_id IS NULL`,
    );
    expect(orphans).toEqual([]);
  });
}

describe.each(storeCases())('the change log on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps one entry per record through updates, replays, corrections, erasures, purges and compaction', async () => {
    await applyPush(
      store,
      admin,
      [put('spaces', space({ retentionDays: 1 }), NOW - 10_000, 'hub')],
      NOW,
    );
    const ann = member({ id: 'm-ann' });
    const open = visit({ id: 'v-open', personId: 'm-ann' });
    const closed = visit({ id: 'v-closed', personId: 'm-ann' });
    const first = [
      put('members', ann, NOW - 9000, 'hub'),
      put('visits', open),
      put('visits', closed),
    ];
    await applyPush(store, admin, first.slice(0, 1), NOW);
    await applyPush(store, kioskA, first.slice(1), NOW);
    await expectOneEntryPerRecord(db.url);

    // An update replaces the entry; the same record twice in one batch leaves one entry.
    const out = { id: 'v-closed', spaceId: MONS, checkOutAt: NOW - 500, checkOutMethod: 'host' };
    const later = { ...out, checkOutAt: NOW - 400 };
    await applyPush(
      store,
      kioskA,
      [put('visits', out, NOW - 500), put('visits', later, NOW - 400)],
      NOW,
    );
    await expectOneEntryPerRecord(db.url);

    // A write that loses every field leaves the record as it was, re-announced (a correction);
    // a replayed mutation is re-announced too.
    const stale = put('visits', { ...out, checkOutAt: NOW - 900 }, NOW - 900);
    await applyPush(store, kioskA, [stale], NOW);
    await applyPush(store, kioskA, [stale], NOW);
    await expectOneEntryPerRecord(db.url);
    const page = await store.pull(0, 1000, MONS);
    expect(page.changes.filter((c) => c.recordId === 'v-closed')).toHaveLength(1);

    // The erasure keeps the open visit anonymised and tombstones the closed one.
    await applyPush(store, admin, [erase('members', 'm-ann')], NOW);
    await expectOneEntryPerRecord(db.url);

    // A visitor whose retention ends is purged; both erasures compact once kiosks are past them.
    const guest = {
      id: 'g-1',
      firstName: 'Griselda',
      lastName: 'Vanderkerckhove',
      preferredLang: 'fr',
      consentAt: NOW - 3 * DAY_MS,
      consentVersion: 'v1',
      retainUntil: NOW - 2 * DAY_MS,
      updatedAt: NOW - 3 * DAY_MS,
    };
    const guestVisit = visit({
      id: 'v-g',
      personKind: 'visitor',
      personId: 'g-1',
      method: 'host',
      checkInAt: NOW - 3 * DAY_MS,
      checkOutAt: NOW - 3 * DAY_MS + 3600_000,
      checkOutMethod: 'host',
    });
    await applyPush(store, kioskA, [put('visitors', guest), put('visits', guestVisit)], NOW);
    expect((await purgeExpiredVisitors(store, NOW)).purged).toBe(1);
    await expectOneEntryPerRecord(db.url);
    await compactErasures(store);
    await expectOneEntryPerRecord(db.url);
  });
});
