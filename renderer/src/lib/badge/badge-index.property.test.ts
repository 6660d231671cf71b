import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import { derivedForms, enrolmentKeys } from '#shared/card/card-id';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { CardRead, Member, Visit } from '#shared/domain/types';
import { aWalkIn } from '../gdpr/testing';
import { purgeExpiredVisitors } from '../gdpr/retention-purge';
import { eraseVisitor } from '../gdpr/visitor-record';
import { badgeWorld, expectIndexMatchesDb, formsOf, type BadgeWorld } from './testing';

const T0 = Date.UTC(2025, 2, 4, 8, 0);
const HOUR = 3_600_000;
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const OTHER = 'esco-tournai';
/**
 * Cards chosen to collide: the same low 32 bits (u32) under two EM4100 ids, a MIFARE UID and its
 * byte-reversed twin (one `uid:` key), a shared Wiegand view (w24) only, and two spare cards.
 */
const CARDS = [
  '14008EC793',
  '99008EC793',
  'E43AC9D2',
  'D2C93AE4',
  '04AABBCCDDEE11',
  '7B00E2D5F1',
  '7B01E2D5F1',
  '3D00A1B2C3',
  'AB12CD34',
  '5A00D3C1B8',
];
const MEMBER_IDS = ['m0', 'm1', 'm2', 'm3'];
const VISIT_IDS = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'];

const card = fc.constantFrom(...CARDS);
const hours = (min: number, max: number) => fc.integer({ min: min * 60, max: max * 60 });
// Weighted so that members are often stored again over their earlier selves, and cards collide.
const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pull-member' as const),
      member: fc.constantFrom(...MEMBER_IDS),
      cards: fc.uniqueArray(card, { minLength: 1, maxLength: 2 }),
      isActive: fc.boolean(),
      isLocal: fc.boolean(),
    }),
  },
  fc.record({
    kind: fc.constant('pull-member-gone' as const),
    member: fc.constantFrom(...MEMBER_IDS),
    isErasure: fc.boolean(),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pull-visit' as const),
      id: fc.constantFrom(...VISIT_IDS),
      person: fc.constantFrom(...MEMBER_IDS, 'visitor-x'),
      isHere: fc.boolean(),
      beganMinutesAgo: hours(-1, 60),
      isOpen: fc.boolean(),
      card: fc.option(card, { nil: undefined }),
    }),
  },
  fc.record({ kind: fc.constant('pull-visit-delete' as const), id: fc.constantFrom(...VISIT_IDS) }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('tap' as const),
      card,
      form: fc.nat(6),
      minutes: hours(0, 20),
    }),
  },
  fc.record({ kind: fc.constant('walk-in-bound' as const), card }),
  fc.record({ kind: fc.constant('desk-tap' as const), card, minutes: hours(0, 2) }),
  fc.record({ kind: fc.constant('host-check-out' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('closing' as const), minutes: hours(0, 30) }),
  fc.record({ kind: fc.constant('erase-visitor' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('purge' as const), days: fc.integer({ min: 0, max: 400 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const read = (cardId: string): CardRead => ({ cardId, format: 'wedge', source: 'wedge', at: 0 });
/** The two forms compared after each history: as a serial reader gives it, as a wedge types it. */
const mainForms = (cardId: string): string[] => [cardId, derivedForms(cardId)?.dec10 ?? cardId];
const RUNS = Number(import.meta.env['VITE_MODEL_RUNS'] ?? 25);

function memberOf(op: Extract<Op, { kind: 'pull-member' }>): Member {
  return {
    id: op.member,
    displayName: `Member ${op.member}`,
    homeSpaceId: op.isLocal ? SPACE : OTHER,
    cardIds: op.cards,
    cardKeys: [...new Set(op.cards.flatMap((c) => enrolmentKeys(c)))],
    isActive: op.isActive,
    updatedAt: T0,
  };
}

function visitOf(op: Extract<Op, { kind: 'pull-visit' }>, now: number): Visit {
  const checkInAt = now - op.beganMinutesAgo * 60_000;
  return {
    id: op.id,
    spaceId: op.isHere ? SPACE : OTHER,
    personKind: op.person.startsWith('m') ? 'member' : 'visitor',
    personId: op.person,
    ...(op.card === undefined ? {} : { cardId: op.card }),
    method: 'wedge',
    checkInAt,
    ...(op.isOpen ? {} : { checkOutAt: checkInAt + HOUR, checkOutMethod: 'wedge' as const }),
    kioskId: 'other-kiosk',
  };
}

async function pick<T>(list: Promise<T[]>, n: number): Promise<T | undefined> {
  const items = await list;
  return items.length === 0 ? undefined : items[n % items.length];
}

async function run(w: BadgeWorld, o: Op): Promise<void> {
  switch (o.kind) {
    case 'pull-member':
      return w.pull([{ table: 'members', op: 'put', recordId: o.member, record: memberOf(o) }]);
    case 'pull-member-gone':
      return w.pull([
        { table: 'members', op: o.isErasure ? 'erase' : 'delete', recordId: o.member },
      ]);
    case 'pull-visit':
      return w.pull([
        { table: 'visits', op: 'put', recordId: o.id, record: visitOf(o, w.time.now) },
      ]);
    case 'pull-visit-delete':
      return w.pull([{ table: 'visits', op: 'delete', recordId: o.id }]);
    case 'tap': {
      w.time.now += o.minutes * 60_000;
      const forms = formsOf(o.card);
      await w.badge.handleRead(read(forms[o.form % forms.length] ?? o.card));
      return;
    }
    case 'walk-in-bound': {
      const reg = await w.desk.register({ walkIn: aWalkIn(), submissionId: crypto.randomUUID() });
      if (reg.ok) await w.desk.bindCard(reg.value.visit.id, read(o.card));
      return;
    }
    case 'desk-tap':
      w.time.now += o.minutes * 60_000;
      await w.desk.tap(read(o.card));
      return;
    case 'host-check-out': {
      const open = await pick(
        w.db.visits.filter((v) => v.checkOutAt === undefined).toArray(),
        o.pick,
      );
      if (open) await w.desk.checkOut(open.id);
      return;
    }
    case 'closing':
      w.time.now += o.minutes * 60_000;
      await w.closing.closeOverdue();
      return;
    case 'erase-visitor': {
      const visitor = await pick(w.db.visitors.toArray(), o.pick);
      if (visitor) await eraseVisitor(w.db, visitor.id, { hlc: w.hlc.tick(), now: w.time.now });
      return;
    }
    case 'purge':
      await purgeExpiredVisitors(w.db, { spaceId: SPACE, now: w.time.now + o.days * 86_400_000 });
      return;
  }
}

let world: BadgeWorld | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

/**
 * Random histories of a kiosk's local writes (badge taps, walk-ins with spare cards, host
 * check-outs, closing time, erasures, retention purges) mixed with applied pull pages (members,
 * visits, deletes, erasures), over cards chosen to collide; after each step the in-memory index
 * must say what IndexedDB says of members and visits, and half-way and at the end also of every
 * card's lookups. VITE_MODEL_RUNS overrides the count.
 */
describe('BadgeIndex (model)', () => {
  it('equals IndexedDB after any sequence of local writes and applied pull pages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 24, size: 'max' }), async (ops) => {
        world?.dispose();
        const w = await badgeWorld(T0);
        world = w;
        const full = { formsOf: mainForms, people: MEMBER_IDS };
        for (const [i, o] of ops.entries()) {
          await run(w, o);
          // Card lookups half-way and at the end (they cost); members and visits after each step.
          const isHalfWay = i === Math.floor(ops.length / 2);
          await expectIndexMatchesDb(
            w.index,
            w.db,
            SPACE,
            isHalfWay ? full : { ...full, cards: false },
          );
        }
        await expectIndexMatchesDb(w.index, w.db, SPACE, full);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
