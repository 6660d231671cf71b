import { afterEach, describe, expect, it } from 'vitest';
import { readKeys } from '#shared/card/card-id';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { CardRead, Visit } from '#shared/domain/types';
import { aWalkIn } from '../gdpr/testing';
import { purgeExpiredVisitors } from '../gdpr/retention-purge';
import { eraseVisitor } from '../gdpr/visitor-record';
import { badgeWorld, expectIndexMatchesDb, formsOf, type BadgeWorld } from './testing';

// Tuesday 4 March 2025, 09:00 in Brussels.
const T0 = Date.UTC(2025, 2, 4, 8, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const SPARE = '0004340999';
const CAMILLE = DEMO_MEMBERS[0];
const LILLE = DEMO_MEMBERS.find((m) => m.homeSpaceId === 'mutualab-lille');

let world: BadgeWorld | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

async function start(): Promise<BadgeWorld> {
  world = await badgeWorld(T0);
  return world;
}

const read = (cardId: string): CardRead => ({ cardId, format: 'wedge', source: 'wedge', at: 0 });

function aVisit(over: Partial<Visit> & Pick<Visit, 'id' | 'personId' | 'checkInAt'>): Visit {
  return { spaceId: SPACE, personKind: 'member', method: 'wedge', kioskId: 'other-kiosk', ...over };
}

describe('BadgeIndex', () => {
  it('finds every member of the network by every form of their card, as IndexedDB does', async () => {
    const w = await start();
    expect(w.index.memberCount).toBe(DEMO_MEMBERS.length);
    for (const card of DEMO_CARDS) {
      const member = DEMO_MEMBERS.find((m) => m.displayName === card.memberName);
      for (const form of formsOf(card.canonical)) {
        expect(w.index.findMember(readKeys(form)), form).toMatchObject({
          kind: 'match',
          member: { id: member?.id },
        });
      }
    }
    expect(w.index.findMember(readKeys('0000000099'))).toEqual({ kind: 'none' });
    await expectIndexMatchesDb(w.index, w.db, SPACE, { extraReads: ['0000000099', 'not a card'] });
  });

  it('tells two members holding one number apart only by a more specific form', async () => {
    const w = await start();
    const [a, b] = ['14008EC793', '99008EC793'];
    await w.pull([
      { table: 'members', op: 'put', recordId: 'twin', record: { ...CAMILLE, id: 'twin' } },
    ]);
    await w.pull([
      {
        table: 'members',
        op: 'put',
        recordId: 'other',
        record: {
          ...CAMILLE,
          id: 'other',
          cardIds: [b],
          cardKeys: ['hex:99008EC793', 'u32:9357203'],
        },
      },
    ]);
    expect(w.index.findMember(readKeys(a))).toMatchObject({ kind: 'ambiguous' });
    expect(w.index.findMember(readKeys(b))).toMatchObject({
      kind: 'match',
      member: { id: 'other' },
    });
    await expectIndexMatchesDb(w.index, w.db, SPACE);
  });

  it('holds each member’s latest visit here since the horizon, nothing older or elsewhere', async () => {
    const w = await start();
    const id = CAMILLE?.id ?? '';
    await w.pull([
      {
        table: 'visits',
        op: 'put',
        recordId: 'old',
        record: aVisit({ id: 'old', personId: id, checkInAt: T0 - 3 * DAY }),
      },
    ]);
    expect(w.index.latestVisit(id)).toBeNull();
    const recent = aVisit({ id: 'recent', personId: id, checkInAt: T0 - HOUR });
    const elsewhere = aVisit({ id: 'far', personId: id, checkInAt: T0, spaceId: 'esco-tournai' });
    await w.pull([
      { table: 'visits', op: 'put', recordId: recent.id, record: recent },
      { table: 'visits', op: 'put', recordId: elsewhere.id, record: elsewhere },
    ]);
    expect(w.index.latestVisit(id)).toEqual(recent);
    await expectIndexMatchesDb(w.index, w.db, SPACE);
  });

  it('follows the badge flow: check-in, check-out, and a stale visit closed behind a check-in', async () => {
    const w = await start();
    const card = DEMO_CARDS[0]?.dec10 ?? '';
    const id = CAMILLE?.id ?? '';
    await w.badge.handleRead(read(card));
    expect(w.index.latestVisit(id)).toMatchObject({ checkInAt: T0 });
    await expectIndexMatchesDb(w.index, w.db, SPACE);
    w.time.now += HOUR;
    await w.badge.handleRead(read(card));
    expect(w.index.latestVisit(id)).toMatchObject({ checkOutAt: T0 + HOUR });
    w.time.now += HOUR;
    await w.badge.handleRead(read(card));
    w.time.now += 20 * HOUR;
    const fresh = await w.badge.handleRead(read(card));
    expect(fresh.kind).toBe('checked-in');
    await expectIndexMatchesDb(w.index, w.db, SPACE);
  });

  it('follows a spare card from binding through tap, host check-out and closing time', async () => {
    const w = await start();
    const first = await w.desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    if (!first.ok) throw new Error(first.error.code);
    await w.desk.bindCard(first.value.visit.id, read(SPARE));
    expect(w.index.boundVisit(readKeys(SPARE))).toMatchObject({ id: first.value.visit.id });
    await expectIndexMatchesDb(w.index, w.db, SPACE, { extraReads: [SPARE] });
    w.time.now += HOUR;
    expect(await w.desk.tap(read(SPARE))).toMatchObject({ kind: 'checked-out' });
    expect(w.index.boundVisit(readKeys(SPARE))).toBeNull();
    const second = await w.desk.register({ walkIn: aWalkIn(), submissionId: 's2' });
    if (!second.ok) throw new Error(second.error.code);
    await w.desk.bindCard(second.value.visit.id, read(SPARE));
    await w.desk.checkOut(second.value.visit.id);
    expect(w.index.boundVisit(readKeys(SPARE))).toBeNull();
    const third = await w.desk.register({ walkIn: aWalkIn(), submissionId: 's3' });
    if (!third.ok) throw new Error(third.error.code);
    await w.desk.bindCard(third.value.visit.id, read(SPARE));
    w.time.now = T0 + 12 * HOUR;
    expect(await w.closing.closeOverdue()).toHaveLength(1);
    expect(w.index.boundVisit(readKeys(SPARE))).toBeNull();
    await expectIndexMatchesDb(w.index, w.db, SPACE, { extraReads: [SPARE] });
  });

  it('follows erasures (local and pulled) and the retention purge', async () => {
    const w = await start();
    const reg = await w.desk.register({ walkIn: aWalkIn(), submissionId: 's1' });
    if (!reg.ok) throw new Error(reg.error.code);
    await w.desk.bindCard(reg.value.visit.id, read(SPARE));
    await eraseVisitor(w.db, reg.value.visitor.id, { hlc: w.hlc.tick(), now: w.time.now });
    expect(w.index.boundVisit(readKeys(SPARE))).toBeNull();
    await w.badge.handleRead(read(DEMO_CARDS[0]?.dec10 ?? ''));
    await w.pull([{ table: 'members', op: 'erase', recordId: CAMILLE?.id ?? '' }]);
    expect(w.index.member(CAMILLE?.id ?? '')).toBeUndefined();
    expect(w.index.findMember(readKeys(DEMO_CARDS[0]?.dec10 ?? ''))).toEqual({ kind: 'none' });
    const old = await w.desk.register({ walkIn: aWalkIn(), submissionId: 's2' });
    if (!old.ok) throw new Error(old.error.code);
    await w.desk.bindCard(old.value.visit.id, read(SPARE));
    await purgeExpiredVisitors(w.db, { spaceId: SPACE, now: T0 + 400 * DAY });
    expect(w.index.boundVisit(readKeys(SPARE))).toBeNull();
    await expectIndexMatchesDb(w.index, w.db, SPACE, { extraReads: [SPARE] });
  });

  it('follows pulled members, spaces and visit deletes, reloading a member whose latest went', async () => {
    const w = await start();
    const lille = LILLE ?? DEMO_MEMBERS[1];
    if (!lille) throw new Error('no demo member');
    await w.pull([
      { table: 'members', op: 'put', recordId: lille.id, record: { ...lille, isActive: false } },
      { table: 'spaces', op: 'delete', recordId: lille.homeSpaceId },
    ]);
    expect(w.index.member(lille.id)?.isActive).toBe(false);
    expect(w.index.space(lille.homeSpaceId)).toBeNull();
    const id = CAMILLE?.id ?? '';
    const earlier = aVisit({
      id: 'a',
      personId: id,
      checkInAt: T0 - 2 * HOUR,
      checkOutAt: T0 - HOUR,
    });
    const later = aVisit({ id: 'b', personId: id, checkInAt: T0 - 30 * 60_000 });
    await w.pull([
      { table: 'visits', op: 'put', recordId: 'a', record: earlier },
      { table: 'visits', op: 'put', recordId: 'b', record: later },
    ]);
    await w.pull([{ table: 'visits', op: 'delete', recordId: 'b' }]);
    expect(w.index.latestVisit(id)).toBeUndefined();
    await w.index.settled();
    expect(w.index.latestVisit(id)).toEqual(earlier);
    await w.pull([{ table: 'members', op: 'delete', recordId: lille.id }]);
    await expectIndexMatchesDb(w.index, w.db, SPACE);
  });

  it('reloads everything after a range delete of a followed table', async () => {
    const w = await start();
    await w.db.members.clear();
    await w.index.settled();
    expect(w.index.memberCount).toBe(0);
    await expectIndexMatchesDb(w.index, w.db, SPACE);
  });
});
