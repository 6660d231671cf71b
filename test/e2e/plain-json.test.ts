import { describe, expect, test } from 'vitest';
import { plainJson } from '../../e2e/plain-json';

describe("the IPC double's JSON fast path (e2e/plain-json.ts)", () => {
  test('a plain value travels as JSON that parses back to an equal value', () => {
    const value = {
      batch: [{ mutationId: 'a_1', hlc: '0001', record: { id: 'v1', n: 3, ok: true, at: null } }],
      nested: { list: [1, 'two', [3]], empty: {} },
      bare: Object.create(null) as object,
    };
    const json = plainJson(value);
    expect(json).toBeDefined();
    expect(JSON.parse(json ?? '')).toEqual(value);
    expect(plainJson('text')).toBe('"text"');
    expect(plainJson(null)).toBe('null');
  });

  test.each([
    ['undefined', undefined],
    ['a property set to undefined', { a: 1, b: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', new Array<number>(3)],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['-0', { n: -0 }],
    ['a BigInt', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['a symbol', [Symbol('s')]],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map([[1, 2]])],
    ['a Uint8Array', { bytes: new Uint8Array(2) }],
    [
      'a class instance',
      {
        x: new (class Point {
          readonly x = 1;
        })(),
      },
    ],
  ])('%s takes the exact path (no JSON)', (_name, value) => {
    expect(plainJson(value)).toBeUndefined();
  });

  test('a shared or cyclic reference takes the exact path (identity kept)', () => {
    const shared = { id: 1 };
    expect(plainJson({ a: shared, b: shared })).toBeUndefined();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(plainJson(cyclic)).toBeUndefined();
  });
});
