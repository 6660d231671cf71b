import { describe, expect, test } from 'vitest';
import { canonicalJson, sumTallies, tally } from './tally';

const visit = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  spaceId: 's-1',
  personKind: 'member',
  personId: 'm-1',
  method: 'wedge',
  checkInAt: 1,
  kioskId: 'k-1',
  ...extra,
});

const expected = new Map<string, unknown>([
  ['visits/a', visit('a')],
  ['visits/b', visit('b')],
  ['visits/c', visit('c')],
]);

describe('tally', () => {
  test('every expected record once, as written: nothing lost or duplicated', () => {
    const copies: [string, unknown][] = [
      ['visits/c', visit('c')],
      ['visits/a', visit('a')],
      ['visits/b', visit('b')],
    ];
    expect(tally(expected, copies)).toEqual({ lost: 0, duplicated: 0, altered: 0, unexpected: 0 });
  });

  test('a record never received is lost; one received twice is duplicated once per extra copy', () => {
    const copies: [string, unknown][] = [
      ['visits/a', visit('a')],
      ['visits/a', visit('a')],
      ['visits/a', visit('a')],
      ['visits/b', visit('b')],
    ];
    expect(tally(expected, copies)).toEqual({ lost: 1, duplicated: 2, altered: 0, unexpected: 0 });
  });

  test('a copy with other content counts as lost and altered; key order does not matter', () => {
    const reordered = Object.fromEntries(Object.entries(visit('b')).reverse());
    const copies: [string, unknown][] = [
      ['visits/a', visit('a', { checkInAt: 2 })],
      ['visits/b', reordered],
      ['visits/c', visit('c')],
    ];
    expect(tally(expected, copies)).toEqual({ lost: 1, duplicated: 0, altered: 1, unexpected: 0 });
  });

  test("a copy of a record already held (a kiosk's own write) is a duplicate", () => {
    const copies: [string, unknown][] = [
      ['visits/a', visit('a')],
      ['visits/b', visit('b')],
      ['visits/c', visit('c')],
      ['visits/own', visit('own')],
    ];
    expect(tally(expected, copies, new Set(['visits/own']))).toEqual({
      lost: 0,
      duplicated: 1,
      altered: 0,
      unexpected: 0,
    });
  });

  test("a copy of a record nobody expected (another space's) is unexpected, not a duplicate", () => {
    const copies: [string, unknown][] = [...expected, ['visits/elsewhere', visit('elsewhere')]];
    expect(tally(expected, copies)).toEqual({ lost: 0, duplicated: 0, altered: 0, unexpected: 1 });
  });

  test('nothing received: every expected record lost', () => {
    expect(tally(expected, [])).toEqual({ lost: 3, duplicated: 0, altered: 0, unexpected: 0 });
  });

  test('sums add field by field', () => {
    const a = { lost: 1, duplicated: 2, altered: 1, unexpected: 0 };
    const b = { lost: 0, duplicated: 3, altered: 0, unexpected: 4 };
    expect(sumTallies([a, b])).toEqual({ lost: 1, duplicated: 5, altered: 1, unexpected: 4 });
    expect(sumTallies([])).toEqual({ lost: 0, duplicated: 0, altered: 0, unexpected: 0 });
  });

  test('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });
});
