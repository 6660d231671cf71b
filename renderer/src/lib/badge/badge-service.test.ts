import { afterEach, describe, expect, test } from 'vitest';
import { compareHlc, HybridLogicalClock } from '#shared/sync/hlc';
import { DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { CardRead, CardSource, Member } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { seedDemoData } from '../db/seed';
import { freshDb } from '../db/test-factories';
import { BadgeIndex, BadgeService, presenceHorizon, type BadgeOutcome } from './index';

const T0 = Date.UTC(2025, 2, 3, 8, 30);
const HOLD_OFF = DEMO_KIOSK_CONFIG.badge.holdOffMs;
const HOUR = 3_600_000;

function demoMember(name: string): Member {
  const m = DEMO_MEMBERS.find((x) => x.displayName === name);
  if (!m) throw new Error(`no demo member ${name}`);
  return m;
}
const CAMILLE = demoMember('Camille Dubois'); // Co-nnexion Mons, card 14008EC793
const SARAH = demoMember('Sarah Lambert'); // Co-nnexion Mons, card 4B00423C15 = 0004340757
const JULIE = demoMember('Julie Vandenberghe'); // ESCO Tournai, card 06008E6D5D
const MARC = demoMember('Marc Renard'); // inactive

function aRead(cardId: string, source: CardSource = 'serial'): CardRead {
  return { cardId, format: source === 'wedge' ? 'wedge' : 'rdm6300', source, at: T0 };
}

let db: KioskDb | undefined;
let loaded: BadgeIndex | undefined;

interface Harness {
  db: KioskDb;
  index: BadgeIndex;
  service: BadgeService;
  /** Moves the injected clock to T0 + ms. */
  at: (ms: number) => void;
}

async function setUp(): Promise<Harness> {
  const d = freshDb('badge');
  db = d;
  await seedDemoData(d);
  let now = T0;
  const clock = (): number => now;
  const index = new BadgeIndex({
    db: d,
    spaceId: DEMO_KIOSK_CONFIG.spaceId,
    since: presenceHorizon(DEMO_KIOSK_CONFIG, T0),
  });
  loaded = index;
  await index.load();
  const service = new BadgeService({
    db: d,
    config: DEMO_KIOSK_CONFIG,
    clock,
    hlc: new HybridLogicalClock('demo-kiosk', clock),
    index,
  });
  return { db: d, index, service, at: (ms) => (now = T0 + ms) };
}

afterEach(() => {
  loaded?.dispose();
  db?.close();
  db = undefined;
});

describe('BadgeService', () => {
  test('a first tap checks the member in and stores the visit with its outbox entry', async () => {
    const h = await setUp();
    const out = await h.service.handleRead(aRead('14008EC793'));
    expect(out).toMatchObject({
      kind: 'checked-in',
      member: { id: CAMILLE.id },
      homeSpace: { id: 'co-nnexion-mons', city: 'Mons' },
      isGuest: false,
      at: T0,
    });
    if (out.kind !== 'checked-in') throw new Error(out.kind);
    expect(out.visit).toMatchObject({
      spaceId: 'co-nnexion-mons',
      personKind: 'member',
      personId: CAMILLE.id,
      cardId: '14008EC793',
      method: 'serial',
      checkInAt: T0,
      kioskId: 'demo-kiosk',
    });
    expect(out.visit.checkOutAt).toBeUndefined();
    expect(await h.db.visits.toArray()).toEqual([out.visit]);
    const outbox = await h.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'visits', op: 'put', recordId: out.visit.id });
    expect(outbox[0]?.record).toEqual(out.visit);
  });

  test('hands the outcome over once decided, before the read resolves', async () => {
    const h = await setUp();
    const order: string[] = [];
    let early: BadgeOutcome | null = null;
    const out = await h.service
      .handleRead(aRead('14008EC793'), (outcome) => {
        early = outcome;
        order.push('decided');
      })
      .finally(() => order.push('resolved'));
    expect(order).toEqual(['decided', 'resolved']);
    expect(early).toBe(out);
    expect(await h.db.outbox.count()).toBe(1);
  });

  test('a tap after the hold-off checks out; the next one checks in again', async () => {
    const h = await setUp();
    const first = await h.service.handleRead(aRead('14008EC793'));
    h.at(HOLD_OFF);
    const second = await h.service.handleRead(aRead('14008EC793', 'wedge'));
    expect(second.kind).toBe('checked-out');
    if (second.kind !== 'checked-out' || first.kind !== 'checked-in') throw new Error('kinds');
    expect(second.visit).toEqual({
      ...first.visit,
      checkOutAt: T0 + HOLD_OFF,
      checkOutMethod: 'wedge',
    });
    expect(await h.db.visits.toArray()).toEqual([second.visit]);
    h.at(2 * HOLD_OFF);
    const third = await h.service.handleRead(aRead('14008EC793'));
    expect(third.kind).toBe('checked-in');
    expect(await h.db.visits.count()).toBe(2);
    expect(await h.db.outbox.count()).toBe(3);
  });

  test('taps within the hold-off count once: repeat, nothing written', async () => {
    const h = await setUp();
    const first = await h.service.handleRead(aRead('14008EC793'));
    if (first.kind !== 'checked-in') throw new Error(first.kind);
    h.at(HOLD_OFF - 1);
    const again = await h.service.handleRead(aRead('14008EC793'));
    expect(again).toMatchObject({ kind: 'repeat', visit: first.visit, isGuest: false });
    expect(await h.db.visits.count()).toBe(1);
    expect(await h.db.outbox.count()).toBe(1);

    h.at(HOLD_OFF + 10);
    const out = await h.service.handleRead(aRead('14008EC793'));
    h.at(HOLD_OFF + 20);
    const echo = await h.service.handleRead(aRead('14008EC793'));
    expect(out.kind).toBe('checked-out');
    expect(echo).toMatchObject({ kind: 'repeat', visit: { checkOutAt: T0 + HOLD_OFF + 10 } });
    expect(await h.db.outbox.count()).toBe(2);
  });

  test('reads arriving together are handled one by one: one check-in, the rest repeats', async () => {
    const h = await setUp();
    const outs = await Promise.all([1, 2, 3].map(() => h.service.handleRead(aRead('14008EC793'))));
    expect(outs.map((o) => o.kind)).toEqual(['checked-in', 'repeat', 'repeat']);
    expect(await h.db.visits.count()).toBe(1);
    expect(await h.db.outbox.count()).toBe(1);
  });

  test('a member of another space is a guest greeted with their home space', async () => {
    const h = await setUp();
    const out = await h.service.handleRead(aRead('06008E6D5D'));
    expect(out).toMatchObject({
      kind: 'checked-in',
      member: { id: JULIE.id },
      isGuest: true,
      homeSpace: { id: 'esco-tournai', name: 'ESCO', city: 'Tournai' },
      visit: { spaceId: 'co-nnexion-mons' },
    });
  });

  test('an unknown card leads to the host and writes nothing', async () => {
    const h = await setUp();
    expect(await h.service.handleRead(aRead('0000000099', 'wedge'))).toEqual({
      kind: 'unknown',
      cardId: '0000000099',
    });
    expect(await h.service.handleRead(aRead('not a card', 'wedge'))).toMatchObject({
      kind: 'unknown',
    });
    expect(await h.db.visits.count()).toBe(0);
    expect(await h.db.outbox.count()).toBe(0);
  });

  test('an inactive member is refused and nothing is written', async () => {
    const h = await setUp();
    const out = await h.service.handleRead(aRead(MARC.cardIds[0] ?? ''));
    expect(out).toEqual({ kind: 'inactive', member: MARC });
    expect(await h.db.visits.count()).toBe(0);
    expect(await h.db.outbox.count()).toBe(0);
  });

  test('the 10-digit decimal a wedge reader types matches the EM4100-enrolled card', async () => {
    const h = await setUp();
    const out = await h.service.handleRead(aRead('0004340757', 'wedge'));
    expect(out).toMatchObject({
      kind: 'checked-in',
      member: { id: SARAH.id },
      visit: { method: 'wedge' },
    });
  });

  test('a forgotten open visit is auto-closed when it went stale and the tap checks in', async () => {
    const h = await setUp();
    const stale = await h.service.handleRead(aRead('14008EC793'));
    if (stale.kind !== 'checked-in') throw new Error(stale.kind);
    const staleHours = DEMO_KIOSK_CONFIG.badge.staleVisitHours;
    h.at((staleHours + 2) * HOUR);
    const fresh = await h.service.handleRead(aRead('14008EC793'));
    expect(fresh).toMatchObject({
      kind: 'checked-in',
      visit: { checkInAt: T0 + (staleHours + 2) * HOUR },
    });
    expect(await h.db.visits.get(stale.visit.id)).toEqual({
      ...stale.visit,
      checkOutAt: T0 + staleHours * HOUR,
      checkOutMethod: 'auto',
    });
  });

  test('a database failure rejects that read only; later reads are handled', async () => {
    const h = await setUp();
    h.db.close({ disableAutoOpen: true });
    await expect(h.service.handleRead(aRead('14008EC793'))).rejects.toThrow();
    await h.db.open();
    expect(await h.service.handleRead(aRead('14008EC793'))).toMatchObject({ kind: 'checked-in' });
    expect(await h.db.outbox.count()).toBe(1);
  });

  test('every visit change has exactly one outbox entry, stamped in increasing HLC order', async () => {
    const h = await setUp();
    const taps: [number, string][] = [
      [0, '14008EC793'],
      [1000, '14008EC793'],
      [2000, '06008E6D5D'],
      [5000, '14008EC793'],
      [6000, '0004340757'],
      [9000, '06008E6D5D'],
      [9500, '0000000099'],
      [20 * HOUR, '0004340757'],
    ];
    const changed = [];
    for (const [ms, card] of taps) {
      h.at(ms);
      const out = await h.service.handleRead(aRead(card));
      if (out.kind === 'checked-in' || out.kind === 'checked-out') changed.push(out.visit);
    }
    const outbox = await h.db.outbox.orderBy('seq').toArray();
    // The last tap also auto-closed Sarah's stale visit: one more change than greetings.
    expect(outbox).toHaveLength(changed.length + 1);
    expect(new Set(outbox.map((e) => e.mutationId)).size).toBe(outbox.length);
    const hlcs = outbox.map((e) => e.hlc);
    expect([...hlcs].sort(compareHlc)).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(hlcs.length);
    for (const visit of await h.db.visits.toArray()) {
      const entries = outbox.filter((e) => e.recordId === visit.id);
      expect(entries.at(-1)?.record).toEqual(visit);
    }
  });
});
