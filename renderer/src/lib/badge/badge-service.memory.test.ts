import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { CardRead, Visit } from '#shared/domain/types';
import type { BadgeOutcome } from './badge-service';
import { badgeWorld, type BadgeWorld } from './testing';

// Tuesday 4 March 2025, 09:00 in Brussels.
const T0 = Date.UTC(2025, 2, 4, 8, 0);
const HOUR = 3_600_000;
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const CAMILLE = DEMO_MEMBERS[0];
const CARD = DEMO_CARDS[0]?.dec10 ?? '';
const read: CardRead = { cardId: CARD, format: 'wedge', source: 'wedge', at: 0 };

function openVisit(id: string, checkInAt: number): Visit {
  return {
    id,
    spaceId: SPACE,
    personKind: 'member',
    personId: CAMILLE?.id ?? '',
    method: 'serial',
    checkInAt,
    kioskId: 'other-kiosk',
  };
}

let world: BadgeWorld | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

describe('BadgeService decides from memory', () => {
  test('greets with the database closed; the commit then fails and nothing is stored', async () => {
    const w = (world = await badgeWorld(T0));
    w.db.close({ disableAutoOpen: true });
    let early: BadgeOutcome | null = null;
    await expect(
      w.badge.handleRead(read, (outcome) => {
        early = outcome;
      }),
    ).rejects.toThrow(/closed/i);
    expect(early).toMatchObject({ kind: 'checked-in', member: { id: CAMILLE?.id } });
    await w.db.open();
    expect(await w.db.visits.count()).toBe(0);
    expect(await w.db.outbox.count()).toBe(0);
    expect(await w.badge.handleRead(read)).toMatchObject({ kind: 'checked-in' });
  });

  test('hands the decision over before any transaction commits, then commits one', async () => {
    const w = (world = await badgeWorld(T0));
    let commits = 0;
    w.db.commits.subscribe(() => (commits += 1));
    const atDecision: number[] = [];
    const out = await w.badge.handleRead(read, () => atDecision.push(commits));
    expect(atDecision).toEqual([0]);
    expect(commits).toBe(1);
    expect(out.kind).toBe('checked-in');
  });

  test('stores what IndexedDB says when a pull commits between the decision and the write', async () => {
    const w = (world = await badgeWorld(T0));
    const elsewhere = openVisit('pulled', T0 - HOUR);
    let early: BadgeOutcome | null = null;
    // In flight when the tap is decided: memory does not have it yet, IndexedDB runs it first.
    const pulled = w.pull([
      { table: 'visits', op: 'put', recordId: elsewhere.id, record: elsewhere },
    ]);
    const out = await w.badge.handleRead(read, (outcome) => {
      early = outcome;
    });
    await pulled;
    expect(early).toMatchObject({ kind: 'checked-in' });
    expect(out).not.toBe(early);
    expect(out).toMatchObject({ kind: 'checked-out', visit: { id: 'pulled', checkOutAt: T0 } });
    expect(await w.db.visits.toArray()).toEqual([
      { ...elsewhere, checkOutAt: T0, checkOutMethod: 'wedge' },
    ]);
    expect(w.index.latestVisit(CAMILLE?.id ?? '')).toMatchObject({ checkOutAt: T0 });
  });

  test('closes a visit left open before the memory horizon behind the new check-in', async () => {
    const w = (world = await badgeWorld(T0));
    const forgotten = openVisit('forgotten', T0 - 72 * HOUR);
    await w.db.visits.put(forgotten);
    expect(w.index.latestVisit(CAMILLE?.id ?? '')).toBeNull();
    let early: BadgeOutcome | null = null;
    const out = await w.badge.handleRead(read, (outcome) => (early = outcome));
    expect(out).toBe(early);
    expect(out).toMatchObject({ kind: 'checked-in', visit: { checkInAt: T0 } });
    const staleHours = DEMO_KIOSK_CONFIG.badge.staleVisitHours;
    expect(await w.db.visits.get('forgotten')).toEqual({
      ...forgotten,
      checkOutAt: forgotten.checkInAt + staleHours * HOUR,
      checkOutMethod: 'auto',
    });
    expect(await w.db.outbox.count()).toBe(2);
  });

  test('decides right for a member whose latest visit was just deleted', async () => {
    const w = (world = await badgeWorld(T0));
    const earlier = openVisit('earlier', T0 - 2 * HOUR);
    const later: Visit = { ...openVisit('later', T0 - HOUR), checkOutAt: T0 - 30 * 60_000 };
    await w.pull([
      { table: 'visits', op: 'put', recordId: earlier.id, record: earlier },
      { table: 'visits', op: 'put', recordId: later.id, record: later },
    ]);
    await w.pull([{ table: 'visits', op: 'delete', recordId: later.id }]);
    const out = await w.badge.handleRead(read);
    expect(out).toMatchObject({ kind: 'checked-out', visit: { id: 'earlier', checkOutAt: T0 } });
  });
});
