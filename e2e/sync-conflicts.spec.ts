import type { Page } from '@playwright/test';
import type { OutboxEntry, Visit, Visitor } from '#shared/domain/types';
import { compareHlc } from '#shared/sync/hlc';
import { MAX_CLOCK_AHEAD_MS } from '#shared/sync/protocol';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import { expect, test } from './fixtures';
import { readStore, writeStores } from './idb';
import {
  hubHead,
  launchSpacePair,
  syncKiosk,
  type SpaceKiosk,
  type SpacePair,
} from './support/space-kiosk';
import type { SyncHub } from './support/sync-hub';
import { storedCursor } from './support/sync-kiosk';
import {
  editReturningVisitor,
  hubRecords,
  onlyVisitor,
  registerVisitor,
  stampMs,
} from './support/visitor-edits';

/**
 * Issue 4's conflict scenarios end to end: two kiosks of one space (each its own Chromium profile
 * and IndexedDB, main's real hub client behind the IPC double) and the real hub as a child
 * process on SQLite. Kiosks sync only when asked, so what one writes between syncs is an offline
 * edit. Every scenario ends with both kiosks and the hub holding the same records: none lost,
 * none duplicated, both outboxes empty, both cursors at the hub's head.
 */

const SPACE = 'co-nnexion-mons';
const DAY_MS = 86_400_000;
const START = { first: 'Marie', last: 'Dupont', email: 'marie@start.example', company: 'Start Co' };

test.describe.configure({ timeout: 180_000 });

let hub: SyncHub;
let a: SpaceKiosk;
let b: SpaceKiosk;
let pair: SpacePair;

test.beforeEach(async () => {
  pair = await launchSpacePair(SPACE, ['mons-desk-1', 'mons-desk-2']);
  ({ hub, a, b } = pair);
  // One visitor known to both kiosks before they go their own ways.
  await registerVisitor(a.page, START);
  await syncKiosk(hub, a);
  await syncKiosk(hub, b);
  expect((await onlyVisitor(b.page)).company).toBe(START.company);
});

test.afterEach(async () => {
  await pair.dispose();
});

/** Syncs the kiosks in the order given. */
async function syncAll(...kiosks: SpaceKiosk[]): Promise<void> {
  for (const k of kiosks) await syncKiosk(hub, k);
}

/**
 * Both kiosks and the hub agree: the same visitors (by id and content) and visits (by id), in
 * the numbers given, no duplicate, outboxes empty, cursors at the head. Resolves with the
 * visitors as stored (identical on both kiosks).
 */
async function expectConverged(want: { visitors: number; visits: number }): Promise<Visitor[]> {
  const head = hubHead(hub);
  const hubVisitors = [...hubRecords(hub, 'visitors')].filter(([, s]) => s.kind === 'fields');
  const hubVisits = [...hubRecords(hub, 'visits')].filter(([, s]) => s.kind === 'visit');
  expect(hubVisitors).toHaveLength(want.visitors);
  expect(hubVisits).toHaveLength(want.visits);
  const seen: Visitor[][] = [];
  for (const page of [a.page, b.page]) {
    expect(await readStore(page, 'outbox')).toEqual([]);
    expect(await storedCursor(page)).toBe(head);
    const visitors = await readStore<Visitor>(page, 'visitors');
    const visits = await readStore<Visit>(page, 'visits');
    expect(visitors.map((v) => v.id).sort()).toEqual(hubVisitors.map(([id]) => id).sort());
    expect(visits.map((v) => v.id).sort()).toEqual(hubVisits.map(([id]) => id).sort());
    seen.push(visitors);
  }
  expect(seen[0]).toEqual(seen[1]);
  // What the hub merged is what the kiosks hold, field by field (kiosks add search keys).
  for (const v of seen[0] ?? []) {
    const fields = hubRecords(hub, 'visitors').get(v.id)?.fields ?? {};
    const merged = Object.fromEntries(
      Object.entries(fields)
        .filter(([, f]) => f.value !== null)
        .map(([k, f]) => [k, f.value]),
    );
    expect(v).toMatchObject(merged);
  }
  return seen[0] ?? [];
}

for (const order of ['A then B', 'B then A'] as const) {
  test(`edits of different fields made offline on two kiosks both stay (${order})`, async () => {
    await editReturningVisitor(a.page, 'dupont', { company: 'Company from A' });
    await editReturningVisitor(b.page, 'dupont', { email: 'marie@from-b.example' });
    const [first, second] = order === 'A then B' ? [a, b] : [b, a];
    await syncAll(first, second, first);
    const [visitor] = await expectConverged({ visitors: 1, visits: 3 });
    expect(visitor).toMatchObject({
      firstName: 'Marie',
      company: 'Company from A',
      email: 'marie@from-b.example',
    });
  });
}

test('the same field edited offline on two kiosks converges to the later stamp', async () => {
  const fromA = await editReturningVisitor(a.page, 'dupont', { company: 'Company from A' });
  const fromB = await editReturningVisitor(b.page, 'dupont', { company: 'Company from B' });
  // B edited after A on clocks that agree, so B's stamp is the later one; it reaches the hub
  // FIRST, so the win comes from the stamp (rule 5), not from the arrival order.
  expect(compareHlc(fromB.hlc, fromA.hlc)).toBeGreaterThan(0);
  await syncAll(b, a, b);
  const [visitor] = await expectConverged({ visitors: 1, visits: 3 });
  expect(visitor?.company).toBe('Company from B');
  expect(hubRecords(hub, 'visitors').get(visitor?.id ?? '')?.fields?.['company']?.hlc).toBe(
    fromB.hlc,
  );
});

/** Moves a kiosk's wall clock (Date.now in its page) by `deltaMs` from the real time. */
async function setClock(page: Page, deltaMs: number): Promise<void> {
  await page.clock.setSystemTime(Date.now() + deltaMs);
}

test('a kiosk clock two days ahead is clamped and cannot freeze a field', async () => {
  await setClock(a.page, 2 * DAY_MS);
  const ahead = await editReturningVisitor(a.page, 'dupont', { company: 'Company from A' });
  expect(stampMs(ahead.hlc)).toBeGreaterThan(Date.now() + DAY_MS);
  const pushedAt = Date.now();
  await syncKiosk(hub, a);
  const id = (await onlyVisitor(a.page)).id;
  // Rule 8: the hub stored the stamp clamped to its clock plus the margin, not two days ahead.
  const clamped = hubRecords(hub, 'visitors').get(id)?.fields?.['company']?.hlc ?? '';
  expect(stampMs(clamped)).toBeGreaterThanOrEqual(pushedAt + MAX_CLOCK_AHEAD_MS);
  expect(stampMs(clamped)).toBeLessThanOrEqual(Date.now() + MAX_CLOCK_AHEAD_MS);

  // B writes the same field later than the margin (its clock 65 s ahead stands for a write
  // 65 s after A's push, without waiting): it wins, where an unclamped stamp would have frozen
  // the field for two days.
  await setClock(b.page, MAX_CLOCK_AHEAD_MS + 5000);
  await editReturningVisitor(b.page, 'dupont', { company: 'Company from B' });
  // A's clock is corrected; its clock never goes back, and its next edit (another field) stays.
  await setClock(a.page, 0);
  const corrected = await editReturningVisitor(a.page, 'dupont', { email: 'marie@from-a.example' });
  expect(compareHlc(corrected.hlc, ahead.hlc)).toBeGreaterThan(0);
  await syncAll(b, a, b);
  const [visitor] = await expectConverged({ visitors: 1, visits: 4 });
  expect(visitor).toMatchObject({ company: 'Company from B', email: 'marie@from-a.example' });
});

test('a kiosk clock jumping back an hour keeps stamping forward; its later write wins', async () => {
  const before = await editReturningVisitor(a.page, 'dupont', { company: 'Before the jump' });
  await setClock(a.page, -3600_000);
  const after = await editReturningVisitor(a.page, 'dupont', { company: 'After the jump' });
  expect(compareHlc(after.hlc, before.hlc)).toBeGreaterThan(0);
  // The hub must not take the wall clock's word either: the later write is the one that stays.
  await syncAll(a, b);
  const [visitor] = await expectConverged({ visitors: 1, visits: 3 });
  expect(visitor?.company).toBe('After the jump');
  // Visits checked in after the jump are kept, at the kiosk's (earlier) wall time.
  const visits = await readStore<Visit>(b.page, 'visits');
  expect(visits.filter((v) => v.checkInAt < Date.now() - 1800_000)).toHaveLength(1);
});

test('a kiosk restarted with its clock an hour back still stamps after its earlier writes', async () => {
  const before = await editReturningVisitor(a.page, 'dupont', { company: 'Before the restart' });
  await syncAll(a);
  // The kiosk restarts (a fresh app, a fresh clock object) with the wall clock an hour behind.
  await setClock(a.page, -3600_000);
  await a.page.reload();
  await expect(a.page.getByTestId('screen-home')).toBeVisible();
  const after = await editReturningVisitor(a.page, 'dupont', { company: 'After the restart' });
  expect(compareHlc(after.hlc, before.hlc)).toBeGreaterThan(0);
  await syncAll(a, b);
  const [visitor] = await expectConverged({ visitors: 1, visits: 3 });
  expect(visitor?.company).toBe('After the restart');
});

/**
 * Queues a delete of a visitor in kiosk A's IndexedDB, shaped as recordChange writes one (the
 * record removed and its outbox entry, in one transaction): the engine pushes deletes, but no
 * screen offers deleting a person yet.
 */
async function queueVisitorDelete(page: Page, kioskId: string, visitorId: string): Promise<void> {
  // The page's clock (a test may have moved it), as the app would stamp the delete.
  const now = await page.evaluate(() => Date.now());
  const entry: OutboxEntry = {
    mutationId: crypto.randomUUID(),
    table: 'visitors',
    op: 'delete',
    recordId: visitorId,
    hlc: `${String(now).padStart(15, '0')}-000000-${kioskId}`,
    createdAt: now,
  };
  await writeStores(page, [
    { store: 'visitors', delete: visitorId },
    { store: 'outbox', add: entry },
  ]);
}

for (const order of ['delete first', 'edit first'] as const) {
  test(`a delete beats a concurrent offline edit; the visitor never comes back (${order})`, async () => {
    const id = (await onlyVisitor(a.page)).id;
    await queueVisitorDelete(a.page, a.kioskId, id);
    // B edits after A's delete: even a later stamp does not bring the visitor back (rule 6).
    await editReturningVisitor(b.page, 'dupont', { company: 'Company from B' });
    await syncAll(...(order === 'delete first' ? [a, b, a] : [b, a, b]));
    await expectConverged({ visitors: 0, visits: 2 });
    expect(hubRecords(hub, 'visitors').get(id)?.kind).toBe('deleted');
    // A later sync round still brings nothing back.
    await syncAll(a, b);
    await expectConverged({ visitors: 0, visits: 2 });
  });
}

test('an erasure beats a concurrent offline edit; no trace comes back anywhere', async () => {
  const id = (await onlyVisitor(a.page)).id;
  await editReturningVisitor(b.page, 'dupont', { company: 'Company from B' });
  await hub.cli('erase', 'visitor', id);
  await syncAll(b, a);
  // Both visits were open at the erasure: they stay as anonymous lines of the roster (0019).
  await expectConverged({ visitors: 0, visits: 2 });
  for (const page of [a.page, b.page]) {
    const visits = await readStore<Visit>(page, 'visits');
    expect(visits.map((v) => v.personId)).toEqual([ANONYMOUS_PERSON_ID, ANONYMOUS_PERSON_ID]);
    const everything = JSON.stringify(
      await Promise.all(['visitors', 'visits', 'outbox'].map((s) => readStore(page, s))),
    );
    expect(everything).not.toContain(id);
    expect(everything).not.toContain('Dupont');
  }
  expect(hubRecords(hub, 'visitors').get(id)?.kind).toBe('erased');
});
