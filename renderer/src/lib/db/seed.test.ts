import { afterEach, expect, test } from 'vitest';
import { DEMO_MEMBERS, DEMO_SPACES } from '#shared/demo/demo-data';
import type { KioskDb } from './kiosk-db';
import { seedDemoData } from './seed';
import { aMember, freshDb } from './test-factories';

let db: KioskDb | undefined;

function openDb(): KioskDb {
  db = freshDb('seed');
  return db;
}

afterEach(() => {
  db?.close();
  db = undefined;
});

test('seeds the demo spaces and members once, without outbox entries', async () => {
  const d = openDb();
  expect(await seedDemoData(d)).toBe(true);
  expect(await d.spaces.count()).toBe(DEMO_SPACES.length);
  expect(await d.members.count()).toBe(DEMO_MEMBERS.length);
  expect(await d.outbox.count()).toBe(0);
  expect(await seedDemoData(d)).toBe(false);
  expect(await d.members.count()).toBe(DEMO_MEMBERS.length);
});

test('concurrent calls seed once', async () => {
  const d = openDb();
  const results = await Promise.all([seedDemoData(d), seedDemoData(d)]);
  expect([...results].sort()).toEqual([false, true]);
});

test('leaves a database that already holds members alone', async () => {
  const d = openDb();
  await d.members.put(aMember({ id: 'from-hub' }));
  expect(await seedDemoData(d)).toBe(false);
  expect(await d.members.toCollection().primaryKeys()).toEqual(['from-hub']);
  expect(await d.spaces.count()).toBe(0);
});
