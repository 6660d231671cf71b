import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCheckOuts, joinStates, materialize, type RecordState } from './protocol-merge';
import type { Mutation } from './protocol';
import { validateMutation } from './protocol-validate';

const NOW = Date.UTC(2025, 2, 10, 9, 0, 0);

function stamp(ms: number, counter: number, node: string): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

function stateOf(m: Omit<Mutation, 'mutationId'>): RecordState {
  const v = validateMutation({ mutationId: 'mutation-1', ...m }, NOW);
  if (!v.ok) throw new Error(v.error.message);
  return v.value.state;
}

function fold(states: readonly RecordState[]): RecordState {
  const [first, ...rest] = states;
  if (!first) throw new Error('no states');
  return rest.reduce(joinStates, first);
}

const member = {
  id: 'm1',
  displayName: 'Camille',
  homeSpaceId: 'co-nnexion-mons',
  cardIds: ['14008EC793'],
  cardKeys: ['14008EC793'],
  isActive: true,
  updatedAt: NOW,
};

const checkIn = {
  id: 'v1',
  spaceId: 'co-nnexion-mons',
  personKind: 'member',
  personId: 'm1',
  method: 'wedge',
  checkInAt: NOW - 3600_000,
  kioskId: 'kiosk-a',
} as const;

describe('profile merge (rule 5)', () => {
  it('keeps edits of different fields made on two kiosks', () => {
    const base = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: member,
      hlc: stamp(NOW - 9000, 0, 'hub'),
    });
    const a = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', displayName: 'Cam' },
      hlc: stamp(NOW - 5000, 0, 'kiosk-a'),
    });
    const b = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', preferredLang: 'nl' },
      hlc: stamp(NOW - 6000, 0, 'kiosk-b'),
    });
    for (const order of [
      [base, a, b],
      [b, a, base],
      [a, base, b],
    ]) {
      expect(materialize('members', fold(order))).toEqual({
        ...member,
        displayName: 'Cam',
        preferredLang: 'nl',
      });
    }
  });

  it('resolves the same field to the later stamp, whatever the arrival order', () => {
    const base = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: member,
      hlc: stamp(NOW - 9000, 0, 'hub'),
    });
    const early = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', displayName: 'Early' },
      hlc: stamp(NOW - 5000, 3, 'kiosk-a'),
    });
    const late = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', displayName: 'Late' },
      hlc: stamp(NOW - 5000, 4, 'kiosk-b'),
    });
    expect(materialize('members', fold([base, late, early]))).toMatchObject({
      displayName: 'Late',
    });
    expect(materialize('members', fold([early, base, late]))).toMatchObject({
      displayName: 'Late',
    });
  });

  it('clears an optional field with null', () => {
    const base = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { ...member, preferredLang: 'fr' },
      hlc: stamp(NOW - 9000, 0, 'hub'),
    });
    const clear = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', preferredLang: null },
      hlc: stamp(NOW - 1000, 0, 'kiosk-a'),
    });
    expect(materialize('members', joinStates(clear, base))).toEqual(member);
  });

  it('does not materialise a patch whose creation has not arrived', () => {
    const edit = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: { id: 'm1', displayName: 'X' },
      hlc: stamp(NOW, 0, 'k'),
    });
    expect(materialize('members', edit)).toBeUndefined();
  });
});

describe('tombstones (rules 6 and 7)', () => {
  it('a delete beats an edit stamped before or after it', () => {
    const del = stateOf({
      table: 'members',
      op: 'delete',
      recordId: 'm1',
      hlc: stamp(NOW - 5000, 0, 'kiosk-a'),
    });
    const edit = stateOf({
      table: 'members',
      op: 'put',
      recordId: 'm1',
      record: member,
      hlc: stamp(NOW, 0, 'kiosk-b'),
    });
    expect(joinStates(edit, del)).toEqual({ kind: 'deleted' });
    expect(joinStates(del, edit)).toEqual({ kind: 'deleted' });
    expect(materialize('members', joinStates(del, edit))).toBeUndefined();
  });

  it('an erasure beats a delete and any edit', () => {
    const erase = stateOf({
      table: 'visitors',
      op: 'erase',
      recordId: 'p1',
      hlc: stamp(NOW - 9000, 0, 'hub'),
    });
    const del: RecordState = { kind: 'deleted' };
    expect(fold([del, erase, { kind: 'fields', fields: {} }])).toEqual({ kind: 'erased' });
  });
});

describe('visits (rules 3 and 4)', () => {
  const out = (checkOutAt: number, checkOutMethod?: 'host' | 'wedge' | 'auto') =>
    stateOf({
      table: 'visits',
      op: 'put',
      recordId: 'v1',
      record: {
        id: 'v1',
        spaceId: 'co-nnexion-mons',
        checkOutAt,
        ...(checkOutMethod ? { checkOutMethod } : {}),
      },
      hlc: stamp(checkOutAt, 0, 'k'),
    });
  const inn = stateOf({
    table: 'visits',
    op: 'put',
    recordId: 'v1',
    record: checkIn,
    hlc: stamp(NOW - 3600_000, 0, 'k'),
  });

  it('keeps a check-out that arrives before its check-in and merges them', () => {
    const early = out(NOW - 60_000, 'wedge');
    expect(materialize('visits', early)).toBeUndefined();
    expect(materialize('visits', joinStates(early, inn))).toEqual({
      ...checkIn,
      checkOutAt: NOW - 60_000,
      checkOutMethod: 'wedge',
    });
  });

  it('prefers host over self-service over automatic, then the earlier', () => {
    const host = out(NOW - 1000, 'host');
    const self = out(NOW - 50_000, 'wedge');
    const auto = out(NOW - 90_000, 'auto');
    expect(materialize('visits', fold([inn, auto, self, host]))).toMatchObject({
      checkOutMethod: 'host',
    });
    expect(materialize('visits', fold([auto, inn, self]))).toMatchObject({
      checkOutMethod: 'wedge',
    });
    expect(
      materialize('visits', fold([out(NOW - 10, 'wedge'), inn, out(NOW - 20, 'wedge')])),
    ).toMatchObject({ checkOutAt: NOW - 20 });
    expect(
      compareCheckOuts({ checkOutAt: 5 }, { checkOutAt: 1, checkOutMethod: 'auto' }),
    ).toBeLessThan(0);
  });
});

const arbProfilePut = fc.record({
  field: fc.constantFrom('displayName', 'preferredLang', 'isActive'),
  ms: fc.integer({ min: NOW - 100_000, max: NOW }),
  counter: fc.integer({ min: 0, max: 3 }),
  node: fc.constantFrom('kiosk-a', 'kiosk-b', 'hub'),
  n: fc.integer({ min: 0, max: 5 }),
});

type ProfilePut = typeof arbProfilePut extends fc.Arbitrary<infer T> ? T : never;

function profileState(p: ProfilePut): RecordState {
  const values = {
    displayName: `Name ${p.n}`,
    preferredLang: (['fr', 'nl', 'en', null] as const)[p.n % 4],
    isActive: p.n % 2 === 0,
  };
  return stateOf({
    table: 'members',
    op: 'put',
    recordId: 'm1',
    record: { id: 'm1', [p.field]: values[p.field] },
    hlc: stamp(p.ms, p.counter, p.node),
  });
}

const arbCheckIn = fc
  .record({
    ms: fc.integer({ min: 0, max: 5 }),
    counter: fc.integer({ min: 0, max: 2 }),
    node: fc.constantFrom('kiosk-a', 'kiosk-b'),
    personId: fc.constantFrom('m1', 'm2', 'm3'),
    method: fc.constantFrom('wedge', 'host'),
    cardId: fc.constantFrom(undefined, 'CARD-1', 'CARD-2'),
  })
  .map(({ ms, counter, node, personId, method, cardId }) =>
    stateOf({
      table: 'visits',
      op: 'put',
      recordId: 'v1',
      record: {
        ...checkIn,
        personId,
        method,
        kioskId: node,
        checkInAt: NOW - ms * 1000,
        ...(cardId ? { cardId } : {}),
      },
      hlc: stamp(NOW - ms * 1000, counter, node),
    }),
  );

/** A check-in the hub stored before it kept check-in stamps (no checkInHlc). */
const legacyCheckIn: RecordState = {
  kind: 'visit',
  id: 'v1',
  spaceId: 'co-nnexion-mons',
  checkIn: { ...checkIn, personId: 'm9', cardId: 'LEGACY' },
};

describe('visit check-in (rule 3)', () => {
  const at = (ms: number, node: string, personId: string) =>
    stateOf({
      table: 'visits',
      op: 'put',
      recordId: 'v1',
      record: { ...checkIn, personId, kioskId: node },
      hlc: stamp(ms, 0, node),
    });

  it('keeps the lowest stamp’s check-in whatever the arrival order', () => {
    const first = at(NOW - 5000, 'kiosk-b', 'm2');
    // Sorts first as JSON ('kiosk-a', 'm0'), but was made later: it must not rewrite the visit.
    const later = at(NOW - 100, 'kiosk-a', 'm0');
    for (const order of [
      [first, later],
      [later, first],
    ]) {
      expect(materialize('visits', fold(order))).toMatchObject({
        personId: 'm2',
        kioskId: 'kiosk-b',
      });
    }
  });

  it('keeps a card bound after the check-in (a walk-in’s spare card); the latest binding wins', () => {
    const inn = at(NOW - 5000, 'kiosk-a', 'm1');
    const bind = (ms: number, cardId: string) =>
      stateOf({
        table: 'visits',
        op: 'put',
        recordId: 'v1',
        record: { ...checkIn, personId: 'm1', cardId },
        hlc: stamp(ms, 0, 'kiosk-a'),
      });
    const first = bind(NOW - 4000, 'CARD-1');
    const second = bind(NOW - 3000, 'CARD-2');
    for (const order of [
      [inn, first, second],
      [second, inn, first],
      [first, second, inn],
    ]) {
      expect(materialize('visits', fold(order))).toEqual({
        ...checkIn,
        personId: 'm1',
        cardId: 'CARD-2',
      });
    }
    // A later put of the row without the card (a copy pulled before the binding) keeps it.
    const withoutCard = at(NOW - 1000, 'kiosk-b', 'm1');
    expect(materialize('visits', fold([inn, first, withoutCard]))).toMatchObject({
      cardId: 'CARD-1',
    });
  });

  it('keeps a check-in stored without a stamp over any stamped one', () => {
    const stamped = at(NOW - 9_000_000, 'kiosk-a', 'm0');
    expect(materialize('visits', joinStates(stamped, legacyCheckIn))).toMatchObject({
      personId: 'm9',
    });
    expect(materialize('visits', joinStates(legacyCheckIn, stamped))).toMatchObject({
      personId: 'm9',
    });
  });

  it('ends with the lowest-stamped check-in of any delivery (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(arbCheckIn, { minLength: 1, maxLength: 8 }), (states) => {
        const lowest = [...states].sort((a, b) => {
          const x = a.kind === 'visit' ? (a.checkInHlc ?? '') : '';
          const y = b.kind === 'visit' ? (b.checkInHlc ?? '') : '';
          return x < y ? -1 : x > y ? 1 : 0;
        })[0];
        const joined = fold(states);
        expect(joined.kind === 'visit' && joined.checkInHlc).toBe(
          lowest?.kind === 'visit' && lowest.checkInHlc,
        );
      }),
      { numRuns: 1000 },
    );
  });
});

const arbVisitPut = fc.oneof(
  fc.constant<RecordState>({ kind: 'deleted' }),
  arbCheckIn,
  fc.constant(legacyCheckIn),
  fc
    .record({
      at: fc.integer({ min: 0, max: 5 }),
      method: fc.constantFrom('host', 'wedge', 'hid', 'auto', undefined),
    })
    .map(({ at, method }) =>
      stateOf({
        table: 'visits',
        op: 'put',
        recordId: 'v1',
        record: {
          id: 'v1',
          spaceId: 'co-nnexion-mons',
          checkOutAt: NOW - at * 1000,
          ...(method ? { checkOutMethod: method } : {}),
        },
        hlc: stamp(NOW, at, 'k'),
      }),
    ),
  fc.constant(
    stateOf({
      table: 'visits',
      op: 'put',
      recordId: 'v1',
      record: checkIn,
      hlc: stamp(NOW, 0, 'k'),
    }),
  ),
);

const arbState = fc.oneof(
  { weight: 8, arbitrary: arbProfilePut.map(profileState) },
  { weight: 1, arbitrary: fc.constant<RecordState>({ kind: 'deleted' }) },
  { weight: 1, arbitrary: fc.constant<RecordState>({ kind: 'erased' }) },
);

describe('join laws (fast-check)', () => {
  for (const [name, arb] of [
    ['profiles', arbState],
    ['visits', arbVisitPut],
  ] as const) {
    it(`${name}: commutative, associative, idempotent`, () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          expect(joinStates(a, b)).toEqual(joinStates(b, a));
          expect(joinStates(joinStates(a, b), c)).toEqual(joinStates(a, joinStates(b, c)));
          expect(joinStates(a, a)).toEqual(a);
        }),
        { numRuns: 2000 },
      );
    });

    it(`${name}: every order and duplication of deliveries converges`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(arb, fc.nat(), fc.integer({ min: 1, max: 3 })), {
            minLength: 1,
            maxLength: 12,
          }),
          (items) => {
            // Each state delivered 1–3 times, in an order the generated keys decide.
            const deliveries = items.flatMap(([state, key, times]) =>
              Array.from({ length: times }, (_, i) => ({ state, order: (key + i * 7919) % 1009 })),
            );
            deliveries.sort((a, b) => a.order - b.order);
            expect(fold(deliveries.map((d) => d.state))).toEqual(fold(items.map(([s]) => s)));
          },
        ),
        { numRuns: 1000 },
      );
    });
  }
});
