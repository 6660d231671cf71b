import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaEvent, Visit, Visitor } from '#shared/domain/types';
import { createDb, type KioskDb } from './kiosk-db';
import { aMember, aVisit } from './test-factories';

const opened: (KioskDb | Dexie)[] = [];
afterEach(() => {
  // Closed, not deleted: the test browser's profile is thrown away (see test-factories.ts).
  for (const db of opened.splice(0)) db.close();
});

function aVisitor(over: Partial<Visitor> = {}): Visitor {
  return {
    id: 'visitor-1',
    firstName: 'Marie',
    lastName: 'Dupont',
    email: 'marie.dupont@example.com',
    preferredLang: 'fr',
    consentAt: 1,
    consentVersion: 'v1',
    retainUntil: 2,
    updatedAt: 1,
    ...over,
  };
}

/** The released version 1 schema, verbatim. */
const V1_STORES = {
  spaces: 'id',
  members: 'id, homeSpaceId, *cardKeys, updatedAt',
  visitors: 'id, lastName, email, retainUntil, updatedAt',
  visits: 'id, spaceId, [personId+checkInAt], [spaceId+checkInAt], checkOutAt',
  events: 'id, spaceId, startsAt',
  outbox: '++seq, &mutationId, table, recordId',
  syncState: 'key',
};

/** A database as version 1 of the kiosk left it: the released schema, verbatim, with rows. */
async function v1Database(name: string): Promise<void> {
  const v1 = new Dexie(name);
  opened.push(v1);
  v1.version(1).stores(V1_STORES);
  await v1.table('visitors').put(aVisitor());
  await v1.table('members').put(aMember({ displayName: 'Ada Lovelace' }));
  await v1.table('visits').bulkPut([
    aVisit({ id: 'open', personKind: 'visitor', personId: 'visitor-1', cardId: '0004340757' }),
    aVisit({
      id: 'closed',
      personKind: 'visitor',
      personId: 'visitor-1',
      cardId: '0009357203',
      checkOutAt: 5,
    }),
  ]);
  v1.close();
}

/** Opens the named database with the current KioskDb; throws unless it is at version 4. */
async function openUpgraded(name: string): Promise<KioskDb> {
  const db = createDb(name);
  opened.push(db);
  await db.open();
  if (db.verno !== 4) throw new Error(`opened at version ${String(db.verno)}`);
  return db;
}

describe('KioskDb version 2', () => {
  it('upgrades a version 1 database, indexing the rows already there', async () => {
    const name = `v2-upgrade-${crypto.randomUUID()}`;
    await v1Database(name);
    const db = await openUpgraded(name);
    const byName = await db.visitors.where('searchKeys').equals('p:dup').toArray();
    expect(byName).toEqual([aVisitor()]);
    expect(
      (await db.members.where('searchKeys').equals('p:lov').toArray()).map((m) => m.id),
    ).toEqual(['member-1']);
    const bound = await db.visits.where('boundCardKeys').equals('u32:4340757').toArray();
    expect(bound.map((v) => v.id)).toEqual(['open']);
    expect(await db.visits.where('boundCardKeys').equals('u32:9357203').count()).toBe(0);
  });

  it('keeps the derived fields out of every value read', async () => {
    const db = createDb(`v2-hidden-${crypto.randomUUID()}`);
    opened.push(db);
    const visit: Visit = aVisit({
      personKind: 'visitor',
      personId: 'visitor-1',
      cardId: '0004340757',
    });
    await db.visitors.put(aVisitor());
    await db.visits.put(visit);
    expect(await db.visitors.get('visitor-1')).toEqual(aVisitor());
    expect(await db.visits.toArray()).toEqual([visit]);
    expect(await db.visits.filter(() => true).toArray()).toEqual([visit]);
    expect(await db.visits.bulkGet([visit.id])).toEqual([visit]);
    await db.visits.each((v) => {
      expect(v).toEqual(visit);
    });
  });

  it('frees a bound card when its visit closes, and indexes pulled records too', async () => {
    const db = createDb(`v2-free-${crypto.randomUUID()}`);
    opened.push(db);
    const visit = aVisit({ personKind: 'visitor', personId: 'v', cardId: '0004340757' });
    await db.visits.bulkPut([visit]);
    expect(await db.visits.where('boundCardKeys').equals('u32:4340757').count()).toBe(1);
    await db.visits.update(visit.id, { checkOutAt: visit.checkInAt + 1 });
    expect(await db.visits.where('boundCardKeys').equals('u32:4340757').count()).toBe(0);
    await db.visitors.bulkPut([aVisitor({ id: 'x', firstName: 'Éloïse', email: undefined })]);
    expect(await db.visitors.where('searchKeys').equals('p:elo').count()).toBe(1);
  });
});

const zoe: Visitor = {
  id: 'visitor-1',
  firstName: 'Zoé',
  lastName: 'D’Hondt-Lefèvre',
  preferredLang: 'nl',
  consentAt: 1,
  consentVersion: 'v1',
  retainUntil: 2,
  updatedAt: 1,
};

/** The released version 2 changes, verbatim. */
const V2_STORES = {
  members: 'id, homeSpaceId, *cardKeys, updatedAt, *searchKeys',
  visitors: 'id, lastName, email, retainUntil, updatedAt, *searchKeys',
  visits: 'id, spaceId, [personId+checkInAt], [spaceId+checkInAt], checkOutAt, *boundCardKeys',
  visitDetails: 'visitId, &submissionId',
};

/** A database as version 2 left it: its schema verbatim, rows with version 2's search keys. */
async function v2Database(name: string): Promise<void> {
  const v2 = new Dexie(name);
  opened.push(v2);
  v2.version(1).stores(V1_STORES);
  v2.version(2).stores(V2_STORES);
  // Version 2's keys of these names: the split tokens only (`d`, `hondt`, `lefevre`, …).
  await v2.table('visitors').put({ ...zoe, searchKeys: ['p:hon', 'p:lef', 'p:zoe'] });
  await v2
    .table('members')
    .put({ ...aMember({ displayName: "Pieter Van 't Hof" }), searchKeys: ['p:hof'] });
  v2.close();
}

describe('KioskDb version 3', () => {
  it('recomputes the search keys of a version 2 database: joined names and token ranges', async () => {
    const name = `v3-upgrade-${crypto.randomUUID()}`;
    await v2Database(name);
    const db = await openUpgraded(name);
    // `dhondt` and `dhondtlefevre` both start with `dho`: the one visitor comes twice.
    const byJoined = await db.visitors.where('searchKeys').startsWith('t:dho').toArray();
    expect(byJoined).toEqual([zoe, zoe]);
    expect(await db.visitors.where('searchKeys').equals('p:dho').count()).toBe(1);
    const members = await db.members.where('searchKeys').startsWith('t:vant').toArray();
    expect(members.map((m) => m.displayName)).toEqual(["Pieter Van 't Hof"]);
  });
});

const DAY = 86_400_000;

function anEvent(id: string, startsAt: number, endsAt: number): AgendaEvent {
  return {
    id,
    spaceId: 'space-a',
    uid: `${id}@feed`,
    startsAt,
    endsAt,
    allDay: false,
    title: { fr: `Atelier ${id}` },
    status: 'confirmed',
    updatedAt: 1,
  };
}

describe('KioskDb version 4', () => {
  it('indexes the events a version 3 database holds: by space and start, end, and day', async () => {
    const name = `v4-upgrade-${crypto.randomUUID()}`;
    const v3 = new Dexie(name);
    opened.push(v3);
    v3.version(1).stores(V1_STORES);
    v3.version(2).stores(V2_STORES);
    v3.version(3).stores({});
    const day10 = 20_000 * DAY;
    // A three-day event from the evening of day 10 to the morning of day 13, and a short one.
    const long = anEvent('long', day10 + 20 * 3600_000, day10 + 3 * DAY + 9 * 3600_000);
    const short = anEvent('short', day10 + 2 * DAY + 3600_000, day10 + 2 * DAY + 7200_000);
    await v3.table('events').bulkPut([long, short]);
    v3.close();

    const db = await openUpgraded(name);
    const onDay12 = await db.events.where('dayKeys').equals(20_002).toArray();
    expect(onDay12.map((e) => e.id).sort()).toEqual(['long', 'short']);
    expect(await db.events.where('dayKeys').equals(20_013).count()).toBe(0);
    expect(await db.events.where('dayKeys').equals(20_003).count()).toBe(1);
    expect(await db.events.get('long')).toEqual(long);
    const ofSpace = await db.events
      .where('[spaceId+startsAt]')
      .between(['space-a', day10 + DAY], ['space-a', Dexie.maxKey])
      .toArray();
    expect(ofSpace.map((e) => e.id)).toEqual(['short']);
    expect(
      await db.events
        .where('endsAt')
        .below(day10 + 3 * DAY)
        .primaryKeys(),
    ).toEqual(['short']);
  });
});
