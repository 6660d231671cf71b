import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordState } from '#shared/sync/protocol-merge';
import { decodeState, encodeState } from './stored-state';

const A = '0001772355600000-0000-hub';
const B = '0001772355700000-0003-mons-desk-1';

describe('a fields state in records.state (decision 0054)', () => {
  it('names a stamp every field shares once, and keeps every value at its path', () => {
    const state: RecordState = {
      kind: 'fields',
      fields: {
        id: { value: 'evt_1', hlc: A },
        title: { value: { fr: 'Atelier', nl: 'Workshop' }, hlc: A },
        startsAt: { value: 1_772_355_600_000, hlc: A },
      },
    };
    const text = encodeState(state);
    expect(JSON.parse(text)).toEqual({
      kind: 'fields',
      hlc: A,
      fields: {
        id: { value: 'evt_1' },
        title: { value: { fr: 'Atelier', nl: 'Workshop' } },
        startsAt: { value: 1_772_355_600_000 },
      },
    });
    expect(text.split(A)).toHaveLength(2);
    expect(decodeState(text)).toEqual(state);
  });

  it('keeps its own stamp on each field stamped otherwise than most', () => {
    const state: RecordState = {
      kind: 'fields',
      fields: {
        id: { value: 'm1', hlc: A },
        email: { value: 'a@example.org', hlc: B },
        firstName: { value: 'Ana', hlc: A },
      },
    };
    expect(JSON.parse(encodeState(state))).toEqual({
      kind: 'fields',
      hlc: A,
      fields: {
        id: { value: 'm1' },
        email: { value: 'a@example.org', hlc: B },
        firstName: { value: 'Ana' },
      },
    });
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('reads a state written before (a stamp on every field) as it always did', () => {
    const before = JSON.stringify({
      kind: 'fields',
      fields: { id: { value: 'm1', hlc: A }, email: { value: null, hlc: B } },
    });
    expect(decodeState(before)).toEqual(JSON.parse(before));
  });

  it('writes visits, deletions, tombstones and a fieldless state as they are', () => {
    const states: RecordState[] = [
      { kind: 'deleted' },
      { kind: 'erased' },
      { kind: 'fields', fields: {} },
      {
        kind: 'visit',
        id: 'v1',
        spaceId: 'co-nnexion-mons',
        checkInHlc: A,
        checkIn: {
          personKind: 'member',
          personId: 'm1',
          method: 'wedge',
          checkInAt: 1_772_355_600_000,
          kioskId: 'mons-desk-1',
        },
      },
    ];
    for (const state of states) {
      expect(encodeState(state)).toBe(JSON.stringify(state));
      expect(decodeState(encodeState(state))).toEqual(state);
    }
  });

  it('throws on text that is not JSON', () => {
    expect(() => decodeState('{"kind":"fie')).toThrow(SyntaxError);
  });

  it('gives back the very state, to the JSON text, for any fields state', () => {
    const stamp = fc.constantFrom(A, B, '0001772355800000-0001-lille-desk-2');
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.constantFrom('fr', 'nl', 'en'), fc.string()),
    );
    const fields = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__'),
      fc.record({ value, hlc: stamp }),
    );
    fc.assert(
      fc.property(fields, (f) => {
        const state: RecordState = { kind: 'fields', fields: f };
        const back = decodeState(encodeState(state));
        // The merge compares states by their JSON text (push-apply.ts, hub-bulk-write.ts).
        expect(JSON.stringify(back)).toBe(JSON.stringify(state));
      }),
    );
  });
});
