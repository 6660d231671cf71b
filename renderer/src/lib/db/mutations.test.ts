import { afterEach, describe, expect, test } from 'vitest';
import type { KioskDb } from './kiosk-db';
import { RecordMissingError, recordChange } from './mutations';
import { toMutation } from '../sync/sync-records';
import { PATCH_SCHEMAS } from '#shared/sync/protocol-records';
import type { Visitor } from '#shared/domain/types';
import { aVisit, freshDb } from './test-factories';

let db: KioskDb | undefined;

function openDb(): KioskDb {
  db = freshDb('mutations');
  return db;
}

afterEach(() => {
  db?.close();
  db = undefined;
});

describe('recordChange', () => {
  test('writes the record and one outbox entry', async () => {
    const d = openDb();
    const visit = aVisit();
    const entry = await recordChange(d, {
      table: 'visits',
      op: 'put',
      record: visit,
      hlc: 'hlc-1',
      now: 42,
    });
    expect(await d.visits.get(visit.id)).toEqual(visit);
    const stored = await d.outbox.toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual(entry);
    expect(entry).toMatchObject({
      table: 'visits',
      op: 'put',
      recordId: visit.id,
      record: visit,
      hlc: 'hlc-1',
      createdAt: 42,
    });
    expect(entry.seq).toBeTypeOf('number');
    expect(entry.mutationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a delete removes the record and queues a delete entry without a record', async () => {
    const d = openDb();
    const visit = aVisit();
    await d.visits.put(visit);
    const entry = await recordChange(d, {
      table: 'visits',
      op: 'delete',
      recordId: visit.id,
      hlc: 'hlc-2',
      now: 43,
    });
    expect(await d.visits.get(visit.id)).toBeUndefined();
    expect(entry.record).toBeUndefined();
    expect(await d.outbox.where('recordId').equals(visit.id).toArray()).toEqual([entry]);
  });

  test('a profile patch stores the merged record but queues only the changed fields', async () => {
    const d = openDb();
    const visitor: Visitor = {
      id: 'visitor-1',
      firstName: 'Marie',
      lastName: 'Dupont',
      company: 'Old Co',
      email: 'marie@example.com',
      phone: '+32 470 12 34 56',
      preferredLang: 'fr',
      consentAt: 1,
      consentVersion: 'v1',
      retainUntil: 2,
      updatedAt: 1,
    };
    await recordChange(d, { table: 'visitors', op: 'put', record: visitor, hlc: 'h1', now: 1 });
    const entry = await recordChange(d, {
      table: 'visitors',
      op: 'patch',
      patch: { id: visitor.id, company: 'New Co', phone: null, email: undefined, updatedAt: 5 },
      hlc: 'h2',
      now: 5,
    });
    const stored = await d.visitors.get(visitor.id);
    expect(stored).toEqual({ ...visitor, phone: stored?.phone, company: 'New Co', updatedAt: 5 });
    expect(stored).not.toHaveProperty('phone');
    const queued = await d.outbox.orderBy('seq').last();
    expect(queued).toEqual(entry);
    expect(entry).toMatchObject({ table: 'visitors', op: 'put', recordId: visitor.id, hlc: 'h2' });
    // Only what the edit wrote: not the name, not the email another kiosk may be editing.
    expect(entry.record).toEqual({ id: visitor.id, company: 'New Co', phone: null, updatedAt: 5 });
    const pushed = toMutation(entry, 'testinstallid000').record;
    expect(pushed).toEqual(entry.record);
    expect(PATCH_SCHEMAS.visitors.safeParse(pushed).success).toBe(true);
  });

  test('a patch of a record not stored writes nothing and says which', async () => {
    const d = openDb();
    await expect(
      recordChange(d, {
        table: 'visitors',
        op: 'patch',
        patch: { id: 'nobody', company: 'X' },
        hlc: 'h',
        now: 1,
      }),
    ).rejects.toThrow(RecordMissingError);
    expect(await d.visitors.count()).toBe(0);
    expect(await d.outbox.count()).toBe(0);
  });

  test('outbox entries keep insertion order and unique mutation ids', async () => {
    const d = openDb();
    for (let i = 0; i < 5; i += 1) {
      await recordChange(d, { table: 'visits', op: 'put', record: aVisit(), hlc: `h${i}`, now: i });
    }
    const entries = await d.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => e.hlc)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(new Set(entries.map((e) => e.mutationId)).size).toBe(5);
  });

  test('an invalid key writes neither the record nor the outbox entry', async () => {
    const d = openDb();
    // An object is not a valid IndexedDB key: the put fails after the outbox entry was added.
    const bad = aVisit({ id: {} as unknown as string });
    await expect(
      recordChange(d, { table: 'visits', op: 'put', record: bad, hlc: 'h', now: 1 }),
    ).rejects.toThrow();
    expect(await d.visits.count()).toBe(0);
    expect(await d.outbox.count()).toBe(0);
  });

  test('a failure later in an enclosing transaction rolls the change back', async () => {
    const d = openDb();
    const visit = aVisit();
    await expect(
      d.transaction('rw', d.visits, d.outbox, async () => {
        await recordChange(d, { table: 'visits', op: 'put', record: visit, hlc: 'h', now: 1 });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await d.visits.get(visit.id)).toBeUndefined();
    expect(await d.outbox.count()).toBe(0);
  });

  test('the database is opened with strict durability', async () => {
    const d = openDb();
    await d.open();
    const seen: (string | undefined)[] = [];
    await d.transaction('rw', d.visits, (tx) => {
      seen.push(tx.idbtrans.durability);
    });
    expect(seen).toEqual(['strict']);
  });
});
