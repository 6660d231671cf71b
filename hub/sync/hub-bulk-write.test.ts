import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgendaEvent } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Change } from '#shared/sync/protocol';
import type { HubStore } from '../store/store';
import { MONS, NOW } from '../test-support/factories';
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { checkPutRecord } from '#shared/sync/protocol-validate';
import { encodePut } from './encoded-put';
import { hubBulkWrite, type BulkChange, type CheckedPut } from './hub-bulk-write';
import { hubWrite, type HubChange } from './hub-writes';

const HOUR = 3_600_000;

function event(n: number, over: Partial<AgendaEvent> = {}): AgendaEvent {
  return {
    id: `evt_${String(n).padStart(32, '0')}`,
    spaceId: MONS,
    uid: `u${n}@bench`,
    startsAt: NOW + n * HOUR,
    endsAt: NOW + n * HOUR + HOUR,
    allDay: false,
    timeZone: 'Europe/Brussels',
    title: { fr: `Atelier ${n}` },
    status: 'confirmed',
    updatedAt: NOW,
    ...over,
  };
}

const puts = (list: readonly object[]): HubChange[] =>
  list.map((record) => ({ op: 'put', record: record as { id: string } }));

/** Every change a kiosk of Mons pulls after `cursor`, in pages of `limit`. */
async function pullFrom(store: HubStore, cursor: number, limit: number) {
  const changes: Change[] = [];
  for (;;) {
    const page = await store.pull(cursor, limit, MONS);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

/** The records and the change log as stored, row by row. */
function rowsOf(url: string) {
  return withRawDb(url, async (db) => ({
    records: await db.query(
      'SELECT tbl, record_id, owner_space, person_key, state, erased, change_seq FROM records ORDER BY record_id',
    ),
    changes: await db.query(
      'SELECT seq, tbl, record_id, op, record, scope, origin FROM changes ORDER BY seq',
    ),
    mutations: await db.query('SELECT count(*) AS n FROM mutations'),
  }));
}

describe.each(storeCases())('hubBulkWrite on $name', (storeCase) => {
  const dbs: TestDatabase[] = [];
  const stores: HubStore[] = [];
  const open = async () => {
    const db = await storeCase.create();
    dbs.push(db);
    const store = await db.open();
    stores.push(store);
    return { db, store };
  };
  beforeEach(() => {
    dbs.length = 0;
    stores.length = 0;
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    for (const d of dbs) await d.drop();
  });

  it('stores the same rows and change log as the push path, refusals included', async () => {
    const push = await open();
    const bulk = await open();
    const steps: { at: number; changes: HubChange[] }[] = [
      {
        at: NOW,
        changes: puts([
          event(1),
          event(2),
          event(3, { description: { fr: 'Venez' }, url: 'https://example.org/3' }),
          event(4),
          event(5, { title: { fr: 'x'.repeat(301) } }),
        ]),
      },
      {
        at: NOW + HOUR,
        changes: [
          ...puts([
            { ...event(3, { title: { nl: 'Werkplaats' } }), description: null, url: null },
            event(2),
            { id: event(6).id, title: { fr: 'Sans le reste' } },
          ]),
          { op: 'delete', recordId: event(4).id },
        ],
      },
      // A deleted record stays deleted (rule 6); an older stamp loses every field (rule 5).
      { at: NOW + 2 * HOUR, changes: puts([event(4), event(7)]) },
    ];
    for (const { at, changes } of steps) {
      const a = await hubWrite(
        push.store,
        'events',
        changes,
        at,
        new HybridLogicalClock('hub', () => at),
      );
      const b = await hubBulkWrite(
        bulk.store,
        'events',
        changes,
        at,
        new HybridLogicalClock('hub', () => at),
        2,
      );
      expect(b.stamps).toEqual(a.stamps);
      expect(b.rejected.map((r) => [r.code, r.reason])).toEqual(
        a.rejected.map((r) => [r.code, r.reason]),
      );
      expect(b.accepted).toHaveLength(a.accepted.length);
    }
    const expected = await rowsOf(push.db.url);
    expect(expected.records.length).toBe(6);
    expect(await rowsOf(bulk.db.url)).toEqual(expected);
  });

  it('writes encoded puts as the checked puts they stand for: fresh, over a row, over a tombstone, twice', async () => {
    const objects = await open();
    const texts = await open();
    const check = (record: AgendaEvent) => {
      const result = checkPutRecord('events', record.id, record);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as CheckedPut['record'];
    };
    const both = (record: AgendaEvent): [BulkChange, BulkChange] => {
      const checked = check(record);
      const encoded = encodePut('events', checked);
      if (!encoded) throw new Error('not a whole record');
      return [{ op: 'put', record: checked, isChecked: true }, encoded];
    };
    const steps: { at: number; changes: [BulkChange, BulkChange][] }[] = [
      {
        at: NOW,
        changes: [
          both(event(1)),
          both(event(2, { description: { fr: 'Venez « tôt »' }, url: 'https://example.org/2' })),
          // Twice in one chunk: the second merges onto the first, which alone has a description.
          both(event(3, { description: { fr: 'Seulement la première' } })),
          both(event(3, { title: { fr: 'Deux fois dans le même lot' } })),
          both(event(4)),
        ],
      },
      {
        at: NOW + HOUR,
        changes: [
          [
            { op: 'delete', recordId: event(4).id },
            { op: 'delete', recordId: event(4).id },
          ],
        ],
      },
      {
        at: NOW + 2 * HOUR,
        changes: [
          both(event(1, { title: { nl: 'Werkplaats' }, updatedAt: NOW + 2 * HOUR })),
          both(event(4)),
          both(event(5)),
        ],
      },
    ];
    for (const { at, changes } of steps) {
      const [a, b] = await Promise.all(
        [objects, texts].map(({ store }, side) =>
          hubBulkWrite(
            store,
            'events',
            changes.map((pair) => pair[side] as BulkChange),
            at,
            new HybridLogicalClock('hub', () => at),
            2,
          ),
        ),
      );
      expect(b).toEqual(a);
    }
    const expected = await rowsOf(objects.db.url);
    expect(expected.records.length).toBe(5);
    expect(await rowsOf(texts.db.url)).toEqual(expected);
  });

  it('the store takes fresh rows of hub-owned tables only, and writes nothing of a refused batch', async () => {
    const { db, store } = await open();
    const fresh = (table: 'visits' | 'events') => ({
      table,
      recordId: event(1).id,
      ownerSpace: null,
      stateText: '{"kind":"fields","fields":{}}',
    });
    await expect(
      store.syncTransaction((tx) => tx.write([], [], [fresh('events'), fresh('visits')])),
    ).rejects.toThrow('No fresh row of visits is written.');
    expect((await rowsOf(db.url)).records).toEqual([]);
  });

  it('a kiosk pulling while it writes gets every record exactly once, then changes and tombstones', async () => {
    const { store } = await open();
    const first = Array.from({ length: 1200 }, (_, i) => event(i));
    const writing = hubBulkWrite(
      store,
      'events',
      puts(first),
      NOW,
      new HybridLogicalClock('hub', () => NOW),
      250,
    );
    const progress = { done: false };
    void writing.then(() => (progress.done = true));
    const seen: Change[] = [];
    let cursor = 0;
    // Pages pulled while the chunks commit one after the other, then the rest.
    while (!progress.done) {
      const page = await pullFrom(store, cursor, 97);
      seen.push(...page.changes);
      cursor = page.cursor;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await writing).rejected).toEqual([]);
    const rest = await pullFrom(store, cursor, 97);
    seen.push(...rest.changes);
    expect(seen.map((c) => c.op).every((op) => op === 'put')).toBe(true);
    expect(seen.map((c) => c.recordId).sort()).toEqual(first.map((e) => e.id).sort());
    expect(seen.find((c) => c.recordId === first[5]?.id)?.record).toEqual(first[5]);

    // A changed feed: 100 moved, 50 removed; the other 1 050 not written again.
    const later = NOW + HOUR;
    const moved = first
      .slice(0, 100)
      .map((e) => ({ ...e, startsAt: e.startsAt + HOUR, updatedAt: later }));
    const removed = first.slice(100, 150).map((e) => e.id);
    const second = await hubBulkWrite(
      store,
      'events',
      [...puts(moved), ...removed.map((recordId): HubChange => ({ op: 'delete', recordId }))],
      later,
      new HybridLogicalClock('hub', () => later),
      40,
    );
    expect(second.rejected).toEqual([]);
    const next = await pullFrom(store, rest.cursor, 33);
    expect(next.changes).toHaveLength(150);
    expect(new Set(next.changes.map((c) => c.recordId)).size).toBe(150);
    expect(
      next.changes
        .filter((c) => c.op === 'delete')
        .map((c) => c.recordId)
        .sort(),
    ).toEqual(removed.sort());
    expect(next.changes.find((c) => c.recordId === moved[0]?.id)?.record).toEqual(moved[0]);

    // A removed event that comes back under the same id stays a tombstone: nothing to pull.
    const again = NOW + 2 * HOUR;
    await hubBulkWrite(
      store,
      'events',
      puts([{ ...first[120], updatedAt: again }]),
      again,
      new HybridLogicalClock('hub', () => again),
    );
    expect((await pullFrom(store, next.cursor, 10)).changes).toEqual([]);
    expect((await store.readRecord('events', removed[20] ?? ''))?.state).toEqual({
      kind: 'deleted',
    });
  });
});
