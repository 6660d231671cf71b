import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from './json-body';

/** The nesting of arrays and objects in a parsed JSON value, computed the obvious way. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) {
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  }
  return 0;
}

describe('jsonDepth', () => {
  it('counts brackets outside strings only, escapes included', () => {
    expect(jsonDepth('1', 32)).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}', 32)).toBe(4);
    expect(jsonDepth('["[[[[", "\\"]]]", {"k\\\\":"{"}]', 32)).toBe(2);
  });

  it('equals the parsed value’s depth for any JSON value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonDepth(JSON.stringify(value), 100)).toBe(depthOf(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops counting once past the limit, however deep the text goes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(64), (depth, limit) => {
        const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        expect(jsonDepth(text, limit)).toBe(depth > limit ? limit + 1 : depth);
      }),
      { numRuns: 200 },
    );
  });
});
