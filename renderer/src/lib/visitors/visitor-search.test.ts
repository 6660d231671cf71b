import { afterEach, describe, expect, it } from 'vitest';
import type { Visitor } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { SEARCH_LIMIT, searchVisitors } from './visitor-search';

const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function visitor(i: number, firstName: string, lastName: string, email?: string): Visitor {
  return {
    id: `v-${String(i).padStart(4, '0')}`,
    firstName,
    lastName,
    ...(email === undefined ? {} : { email }),
    preferredLang: 'fr',
    consentAt: 0,
    consentVersion: 'v1',
    retainUntil: 1e13,
    updatedAt: 0,
  };
}

/** 600 visitors: many who share a start ("Mar…", "Dup…"), and a few rare names. */
async function crowd(): Promise<KioskDb> {
  const db = freshDb('search-plan');
  opened.push(db);
  const rows: Visitor[] = [];
  for (let i = 0; i < 200; i += 1) rows.push(visitor(i, 'Marc', `Dubois${String(i)}`));
  for (let i = 200; i < 400; i += 1) rows.push(visitor(i, 'Martine', 'Dupuis'));
  for (let i = 400; i < 598; i += 1) rows.push(visitor(i, 'Maria', `Durand ${String(i)}`));
  rows.push(visitor(598, 'Marie', 'Dupont', 'marie.dupont@example.be'));
  rows.push(visitor(599, 'Élise', 'Bastin', 'elise.bastin@example.be'));
  await db.visitors.bulkPut(rows);
  return db;
}

describe('searchVisitors over a crowd', () => {
  it('ranks the one exact match first among hundreds of one-letter-off ones', async () => {
    const db = await crowd();
    const found = await searchVisitors(db, 'Marie Dupo');
    expect(found[0]).toMatchObject({ id: 'v-0598', score: 0 });
    expect(found.length).toBeLessThanOrEqual(SEARCH_LIMIT);
  });

  it('finds a typo in a long word and an exact name with a two-letter word', async () => {
    const db = await crowd();
    expect((await searchVisitors(db, 'Dpuont'))[0]).toMatchObject({ id: 'v-0598', score: 1 });
    expect(await searchVisitors(db, 'elise.ba')).toEqual([
      expect.objectContaining({ id: 'v-0599', score: 0 }),
    ]);
    expect(await searchVisitors(db, 'Bastni')).toEqual([
      expect.objectContaining({ id: 'v-0599', score: 1 }),
    ]);
  });

  it('looks for typos in several words only when none matched exactly', async () => {
    const db = await crowd();
    expect((await searchVisitors(db, 'Marei Dupont'))[0]).toMatchObject({ id: 'v-0598', score: 1 });
    expect(await searchVisitors(db, 'Marie Dupont')).toEqual([
      expect.objectContaining({ id: 'v-0598', score: 0 }),
    ]);
  });

  it('stops at SEARCH_LIMIT exact matches of a common start, all of score 0', async () => {
    const db = await crowd();
    const found = await searchVisitors(db, 'Mar');
    expect(found).toHaveLength(SEARCH_LIMIT);
    expect(found.every((f) => f.score === 0)).toBe(true);
  });
});

describe('searchVisitors finds Belgian names by their natural prefixes (issue 10)', () => {
  async function withBelgians(): Promise<KioskDb> {
    const db = await crowd();
    await db.visitors.bulkPut([
      visitor(700, 'Zoé', "D'Hondt-Lefèvre"),
      visitor(701, 'Pieter', "Van 't Hof"),
      visitor(702, 'Anke', 'De Smet'),
      visitor(703, 'Siobhan', 'O’Neill'),
    ]);
    return db;
  }

  it.each([
    ['v-0700', ["D'Ho", 'D’Ho', 'dho', 'hondt', 'zoe d’hondt', 'Lefèvre', 'lefevre']],
    ['v-0701', ['van', 'vant', "van 't h", 'hof', 't hof', 'Vanthof']],
    ['v-0702', ['desm', 'De Smet', 'smet']],
    ['v-0703', ["o'ne", 'O’Neill', 'oneill', 'neill']],
  ])('%s by %j', async (id, queries) => {
    const db = await withBelgians();
    for (const query of queries) {
      const found = await searchVisitors(db, query);
      expect([query, found.find((f) => f.id === id)?.score]).toEqual([query, 0]);
    }
  });

  it('reads no record for a word that starts no name, and still finds its typo', async () => {
    const db = await crowd();
    const found = await searchVisitors(db, 'Dupontx');
    expect(found[0]).toMatchObject({ id: 'v-0598', score: 1 });
  });
});
