import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { CardRead } from '#shared/domain/types';
import { PATCH_SCHEMAS } from '#shared/sync/protocol-records';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { toMutation } from '../sync/sync-records';
import type { WalkIn } from '#shared/visitor/walk-in-form';
import type { KioskDb } from '../db/kiosk-db';
import { seedDemoData } from '../db/seed';
import { freshDb } from '../db/test-factories';
import { VisitorDesk } from './visitor-desk';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const SPARE = '0004340999';
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp() {
  const db = freshDb('desk');
  opened.push(db);
  await seedDemoData(db);
  let now = T0;
  const clock = (): number => now;
  const desk = new VisitorDesk({
    db,
    config: DEMO_KIOSK_CONFIG,
    clock,
    hlc: new HybridLogicalClock('demo-kiosk', clock),
  });
  return { db, desk, advance: (ms: number) => (now += ms) };
}

function aWalkIn(over: Partial<WalkIn> = {}): WalkIn {
  return {
    firstName: 'Marie',
    lastName: 'Dupont',
    email: 'marie.dupont@example.com',
    country: 'BE',
    preferredLang: 'fr',
    purpose: { kind: 'coworking' },
    consentVersion: 'v1',
    ...over,
  };
}

const read = (cardId: string): CardRead => ({ cardId, format: 'wedge', source: 'wedge', at: T0 });

async function outboxValid(db: KioskDb): Promise<void> {
  for (const e of await db.outbox.toArray()) {
    const m = toMutation(e, 'test-install-id');
    expect(PATCH_SCHEMAS[e.table].safeParse(m.record).success, JSON.stringify(m)).toBe(true);
  }
}

describe('VisitorDesk', () => {
  it('registers a new visitor and an open visit, each with an outbox entry valid at the hub', async () => {
    const { db, desk } = await setUp();
    const r = await desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.isNewVisitor).toBe(true);
    expect(r.value.visit).toMatchObject({ personKind: 'visitor', method: 'host', checkInAt: T0 });
    expect(await db.visitors.toArray()).toEqual([r.value.visitor]);
    expect((await db.outbox.toArray()).map((e) => e.table)).toEqual(['visitors', 'visits']);
    await outboxValid(db);
  });

  it('stores a double submit once', async () => {
    const { db, desk } = await setUp();
    const [a, b] = await Promise.all([
      desk.register({ walkIn: aWalkIn(), submissionId: 's1' }),
      desk.register({ walkIn: aWalkIn(), submissionId: 's1' }),
    ]);
    expect(a.ok && b.ok && a.value.visit.id === b.value.visit.id).toBe(true);
    expect(await db.visitors.count()).toBe(1);
    expect(await db.visits.count()).toBe(1);
  });

  it('finds a returning visitor from three letters with a typo, masked, and re-uses them', async () => {
    const { db, desk, advance } = await setUp();
    const first = await desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    if (!first.ok) throw new Error('registration failed');
    expect(await desk.findVisitors('du')).toEqual([]);
    for (const q of ['dup', 'dpu', 'marie.d', 'MARIE dupnot']) {
      const found = await desk.findVisitors(q);
      expect(
        found.map((f) => [f.maskedName, f.maskedEmail]),
        q,
      ).toEqual([['Marie D…', 'm***@e…']]);
    }
    advance(86_400_000);
    const again = await desk.register({
      walkIn: aWalkIn({ preferredLang: 'en' }),
      submissionId: 's2',
      returningVisitorId: first.value.visitor.id,
    });
    expect(again.ok && again.value.isNewVisitor).toBe(false);
    expect(await db.visitors.count()).toBe(1);
    expect(await db.visits.count()).toBe(2);
    const patch = (await db.outbox.toArray()).at(-2)?.record;
    expect(patch).toEqual({
      id: first.value.visitor.id,
      preferredLang: 'en',
      consentAt: T0 + 86_400_000,
      consentVersion: 'v1',
      retainUntil: T0 + 31 * 86_400_000,
      updatedAt: T0 + 86_400_000,
    });
    await outboxValid(db);
  });

  it('pushes only the contact fields a returning visitor changed', async () => {
    const { db, desk, advance } = await setUp();
    const first = await desk.register({
      walkIn: aWalkIn({ company: 'Old Co' }),
      submissionId: 's1',
    });
    if (!first.ok) throw new Error('registration failed');
    advance(60_000);
    const again = await desk.register({
      walkIn: aWalkIn({ company: 'New Co' }),
      submissionId: 's2',
      returningVisitorId: first.value.visitor.id,
    });
    if (!again.ok) throw new Error('re-registration failed');
    expect(again.value.visitor).toMatchObject({
      company: 'New Co',
      email: 'marie.dupont@example.com',
    });
    expect(await db.visitors.get(first.value.visitor.id)).toEqual(again.value.visitor);
    const entry = (await db.outbox.toArray()).at(-2);
    expect(entry?.record).toEqual({
      id: first.value.visitor.id,
      company: 'New Co',
      preferredLang: 'fr',
      consentAt: T0 + 60_000,
      consentVersion: 'v1',
      retainUntil: T0 + 60_000 + 30 * 86_400_000,
      updatedAt: T0 + 60_000,
    });
    await outboxValid(db);
  });

  it('finds members to meet from three letters, never from fewer', async () => {
    const { desk } = await setUp();
    expect(await desk.findMembers('ca')).toEqual([]);
    expect((await desk.findMembers('cam')).map((m) => m.displayName)).toContain('Camille Dubois');
    expect((await desk.findMembers('dubios')).map((m) => m.displayName)).toContain(
      'Camille Dubois',
    );
    expect((await desk.findMembers('marc')).map((m) => m.displayName)).not.toContain('Marc Renard');
  });

  it('binds a spare card; its tap checks the visitor out and frees it', async () => {
    const { db, desk, advance } = await setUp();
    const r = await desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    if (!r.ok) throw new Error('registration failed');
    const bound = await desk.bindCard(r.value.visit.id, read(SPARE));
    expect(bound.ok && bound.value.cardId).toBe(SPARE);
    expect((await desk.tap(read(SPARE)))?.kind).toBe('just-bound');
    advance(DEMO_KIOSK_CONFIG.badge.holdOffMs);
    const tap = await desk.tap(read(SPARE));
    expect(tap?.kind).toBe('checked-out');
    expect(tap?.visit.checkOutAt).toBe(T0 + DEMO_KIOSK_CONFIG.badge.holdOffMs);
    expect(await desk.tap(read(SPARE))).toBeNull();
    expect((await db.visits.get(r.value.visit.id))?.checkOutMethod).toBe('wedge');
    await outboxValid(db);
  });

  it('refuses member cards and cards already bound', async () => {
    const { desk } = await setUp();
    const a = await desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    const b = await desk.register({ walkIn: aWalkIn({ firstName: 'Paul' }), submissionId: 's2' });
    if (!a.ok || !b.ok) throw new Error('registration failed');
    const member = DEMO_CARDS[0]?.dec10 ?? '';
    expect(await desk.bindCard(a.value.visit.id, read(member))).toMatchObject({
      ok: false,
      error: { code: 'card-is-member' },
    });
    expect((await desk.bindCard(a.value.visit.id, read(SPARE))).ok).toBe(true);
    expect(await desk.bindCard(b.value.visit.id, read(SPARE))).toMatchObject({
      ok: false,
      error: { code: 'card-in-use' },
    });
  });

  it('checks a visitor out from the host screen, freeing the card', async () => {
    const { desk } = await setUp();
    const r = await desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    if (!r.ok) throw new Error('registration failed');
    await desk.bindCard(r.value.visit.id, read(SPARE));
    expect((await desk.checkOut(r.value.visit.id))?.checkOutMethod).toBe('host');
    expect(await desk.checkOut(r.value.visit.id)).toBeNull();
    expect(await desk.tap(read(SPARE))).toBeNull();
  });
});
