import { afterEach, describe, expect, test } from 'vitest';
import type { KioskDb } from './kiosk-db';
import { recordChange } from './mutations';
import { countOutbox, findMembersByReadKeys, latestVisitOf, openVisitsAt } from './queries';
import { aMember, aVisit, freshDb } from './test-factories';

let db: KioskDb | undefined;

function openDb(): KioskDb {
  db = freshDb('queries');
  return db;
}

afterEach(() => {
  db?.close();
  db = undefined;
});

describe('findMembersByReadKeys', () => {
  test('finds the member holding any of the keys and says which key matched', async () => {
    const d = openDb();
    const ada = aMember({ id: 'ada', cardKeys: ['hex:4B00423C15', 'dec10:0004340757'] });
    await d.members.bulkPut([ada, aMember({ id: 'bob', cardKeys: ['hex:14008EC793'] })]);
    const found = await findMembersByReadKeys(d, ['raw:0004340757', 'dec10:0004340757']);
    expect(found).toEqual({ kind: 'match', member: ada, key: 'dec10:0004340757' });
  });

  test('the most specific key wins over a less specific one held by someone else', async () => {
    const d = openDb();
    const ada = aMember({ id: 'ada', cardKeys: ['a:1', 'shared:9'] });
    const bob = aMember({ id: 'bob', cardKeys: ['b:2', 'shared:9'] });
    await d.members.bulkPut([ada, bob]);
    expect(await findMembersByReadKeys(d, ['b:2', 'shared:9'])).toMatchObject({
      kind: 'match',
      member: { id: 'bob' },
      key: 'b:2',
    });
  });

  test('a key held by two members is ambiguous', async () => {
    const d = openDb();
    await d.members.bulkPut([
      aMember({ id: 'ada', cardKeys: ['shared:9'] }),
      aMember({ id: 'bob', cardKeys: ['shared:9'] }),
    ]);
    const found = await findMembersByReadKeys(d, ['x:0', 'shared:9']);
    expect(found.kind).toBe('ambiguous');
    expect(found.kind === 'ambiguous' ? [...found.memberIds].sort() : []).toEqual(['ada', 'bob']);
  });

  test('no keys or no holder → none', async () => {
    const d = openDb();
    await d.members.put(aMember());
    expect(await findMembersByReadKeys(d, [])).toEqual({ kind: 'none' });
    expect(await findMembersByReadKeys(d, ['nobody'])).toEqual({ kind: 'none' });
  });
});

describe('visits', () => {
  test('latestVisitOf picks the newest visit of that person at that space', async () => {
    const d = openDb();
    const here = aVisit({ personId: 'ada', spaceId: 'mons', checkInAt: 2000 });
    await d.visits.bulkPut([
      aVisit({ personId: 'ada', spaceId: 'mons', checkInAt: 1000, checkOutAt: 1500 }),
      here,
      aVisit({ personId: 'ada', spaceId: 'lille', checkInAt: 3000 }),
      aVisit({ personId: 'bob', spaceId: 'mons', checkInAt: 4000 }),
    ]);
    expect(await latestVisitOf(d, 'ada', 'mons')).toEqual(here);
    expect(await latestVisitOf(d, 'ada', 'tournai')).toBeNull();
    expect(await latestVisitOf(d, 'eve', 'mons')).toBeNull();
  });

  test('openVisitsAt lists open visits at the space since the given instant, newest first', async () => {
    const d = openDb();
    const ada = aVisit({ personId: 'ada', spaceId: 'mons', checkInAt: 2000 });
    const bob = aVisit({ personId: 'bob', spaceId: 'mons', checkInAt: 3000 });
    await d.visits.bulkPut([
      ada,
      bob,
      aVisit({ personId: 'cy', spaceId: 'mons', checkInAt: 2500, checkOutAt: 2600 }),
      aVisit({ personId: 'dee', spaceId: 'lille', checkInAt: 2500 }),
      aVisit({ personId: 'old', spaceId: 'mons', checkInAt: 10 }),
    ]);
    expect(await openVisitsAt(d, 'mons', 1000)).toEqual([bob, ada]);
    expect((await openVisitsAt(d, 'mons')).map((v) => v.personId)).toEqual(['bob', 'ada', 'old']);
  });

  test('countOutbox counts pending local changes', async () => {
    const d = openDb();
    expect(await countOutbox(d)).toBe(0);
    await recordChange(d, { table: 'visits', op: 'put', record: aVisit(), hlc: 'h', now: 1 });
    await recordChange(d, { table: 'visits', op: 'put', record: aVisit(), hlc: 'h', now: 2 });
    expect(await countOutbox(d)).toBe(2);
  });
});
