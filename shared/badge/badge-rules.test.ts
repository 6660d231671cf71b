import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Member, Visit } from '../domain/types';
import { decideBadge, type BadgeFacts } from './badge-rules';

const T0 = Date.UTC(2025, 2, 10, 8, 30);
const HOLD_OFF = 3000;
const HOUR = 3_600_000;

function member(overrides: Partial<Member> = {}): Member {
  return {
    id: 'member-1',
    displayName: 'Camille Dubois',
    homeSpaceId: 'co-nnexion-mons',
    cardIds: ['4B00423C15'],
    cardKeys: [],
    isActive: true,
    updatedAt: T0,
    ...overrides,
  };
}

function visit(overrides: Partial<Visit> = {}): Visit {
  return {
    id: 'visit-1',
    spaceId: 'co-nnexion-mons',
    personKind: 'member',
    personId: 'member-1',
    cardId: '4B00423C15',
    method: 'wedge',
    checkInAt: T0,
    kioskId: 'demo-kiosk',
    ...overrides,
  };
}

function facts(overrides: Partial<BadgeFacts> = {}): BadgeFacts {
  return {
    now: T0,
    spaceId: 'co-nnexion-mons',
    holdOffMs: HOLD_OFF,
    staleVisitHours: 16,
    member: member(),
    openVisit: null,
    lastVisitEventAt: null,
    ...overrides,
  };
}

describe('decideBadge', () => {
  it('1. an unknown card leads to the host', () => {
    expect(decideBadge(facts({ member: null }))).toEqual({ kind: 'unknown' });
  });

  it('2. an inactive member is refused, even with an open visit', () => {
    const f = facts({ member: member({ isActive: false }), openVisit: visit() });
    expect(decideBadge(f)).toEqual({ kind: 'inactive' });
  });

  it('6. a first tap checks in a member of this space', () => {
    expect(decideBadge(facts())).toEqual({ kind: 'check-in', isGuest: false });
  });

  it('3. a tap just after the check-in repeats the greeting with the open visit', () => {
    const open = visit();
    const f = facts({ now: T0 + HOLD_OFF - 1, openVisit: open, lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({ kind: 'repeat', visit: open });
  });

  it('3. a tap just after a check-out repeats the greeting with no open visit', () => {
    const f = facts({ now: T0 + 10, lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({ kind: 'repeat', visit: null });
  });

  it('3. exactly at the hold-off the tap toggles: check-out', () => {
    const f = facts({ now: T0 + HOLD_OFF, openVisit: visit(), lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({ kind: 'check-out', visitId: 'visit-1', isGuest: false });
  });

  it('3. exactly at the hold-off after a check-out: check-in again', () => {
    const f = facts({ now: T0 + HOLD_OFF, lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({ kind: 'check-in', isGuest: false });
  });

  it('3. a clock stepped back a little is a repeat, far back is not', () => {
    expect(decideBadge(facts({ now: T0 - 1000, lastVisitEventAt: T0 }))).toMatchObject({
      kind: 'repeat',
    });
    expect(decideBadge(facts({ now: T0 - HOLD_OFF, lastVisitEventAt: T0 }))).toMatchObject({
      kind: 'check-in',
    });
  });

  it('a zero hold-off never repeats', () => {
    const f = facts({ holdOffMs: 0, openVisit: visit(), lastVisitEventAt: T0 });
    expect(decideBadge(f)).toMatchObject({ kind: 'check-out' });
  });

  it('4. an open visit younger than staleVisitHours checks out', () => {
    const f = facts({ now: T0 + 16 * HOUR - 1, openVisit: visit(), lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({ kind: 'check-out', visitId: 'visit-1', isGuest: false });
  });

  it('5. an open visit exactly staleVisitHours old checks in anew and names the stale visit', () => {
    const f = facts({ now: T0 + 16 * HOUR, openVisit: visit(), lastVisitEventAt: T0 });
    expect(decideBadge(f)).toEqual({
      kind: 'check-in',
      isGuest: false,
      closesStaleVisitId: 'visit-1',
    });
  });

  it('7. a member of another space is a guest on check-in and check-out', () => {
    const guest = member({ id: 'member-9', homeSpaceId: 'mutualab-lille' });
    expect(decideBadge(facts({ member: guest }))).toEqual({ kind: 'check-in', isGuest: true });
    const f = facts({
      member: guest,
      now: T0 + HOUR,
      openVisit: visit({ personId: 'member-9' }),
      lastVisitEventAt: T0,
    });
    expect(decideBadge(f)).toEqual({ kind: 'check-out', visitId: 'visit-1', isGuest: true });
  });

  it('a closed visit or one at another space is not an open visit here', () => {
    const closed = visit({ checkOutAt: T0 + HOUR });
    expect(decideBadge(facts({ now: T0 + 2 * HOUR, openVisit: closed }))).toEqual({
      kind: 'check-in',
      isGuest: false,
    });
    const elsewhere = visit({ spaceId: 'esco-tournai' });
    expect(decideBadge(facts({ now: T0 + HOUR, openVisit: elsewhere }))).toEqual({
      kind: 'check-in',
      isGuest: false,
    });
  });

  it('outside the hold-off, taps alternate check-in and check-out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: HOLD_OFF, max: 8 * HOUR }), { minLength: 1, maxLength: 20 }),
        (gaps) => {
          let now = T0;
          let open: Visit | null = null;
          let last: number | null = null;
          const kinds: string[] = [];
          for (const [i, gap] of gaps.entries()) {
            now += gap;
            const d = decideBadge(facts({ now, openVisit: open, lastVisitEventAt: last }));
            kinds.push(d.kind);
            if (d.kind === 'check-in') open = visit({ id: `v${i}`, checkInAt: now });
            else if (d.kind === 'check-out') open = null;
            last = now;
          }
          expect(kinds).toEqual(gaps.map((_, i) => (i % 2 === 0 ? 'check-in' : 'check-out')));
        },
      ),
    );
  });
});
