import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchTokens,
  exactMatchKeys,
  normalizeSearchText,
  prefixDistance,
  queryIndexKeys,
  queryTokens,
  searchIndexKeys,
  searchTokens,
} from './search';

describe('normalisation', () => {
  it('lowercases, strips accents and splits on punctuation', () => {
    expect(normalizeSearchText('Ÿvès Éléonore ŒUF Straße')).toBe('yves eleonore oeuf strasse');
    expect(searchTokens('Marie-Hélène', 'marie.dupont@Example.com')).toEqual([
      'marie',
      'helene',
      'dupont',
      'example',
      'com',
    ]);
  });

  it('searches nothing below three letters', () => {
    expect(queryTokens('ma')).toEqual([]);
    expect(queryIndexKeys('m a')).toEqual([]);
    expect(matchTokens(queryTokens('ma'), ['marie'])).toBeNull();
    expect(queryTokens('mar')).toEqual(['mar']);
  });
});

describe('prefixDistance', () => {
  it.each([
    ['mar', 'marie', 0],
    ['mra', 'marie', 1],
    ['mzr', 'marie', 1],
    ['mrie', 'marie', 1],
    ['maarie', 'marie', 1],
    ['dupnot', 'dupont', 1],
    ['xyz', 'marie', 2],
    ['mxyz', 'marie', 2],
    ['ma', 'mo', 2],
  ] as const)('%s against %s is %d', (q, t, d) => {
    expect(prefixDistance(q, t)).toBe(d);
  });

  it('ranks an exact prefix before a typo', () => {
    expect(matchTokens(['dup'], ['marie', 'dupont'])).toBe(0);
    expect(matchTokens(['dpu'], ['marie', 'dupont'])).toBe(1);
    expect(matchTokens(['marie', 'dup'], ['marie', 'dupont'])).toBe(0);
    expect(matchTokens(['marie', 'zzz'], ['marie', 'dupont'])).toBeNull();
  });
});

const letters = fc.constantFrom(...Array.from('abcdeéfghilmnoprstuvz'));
const word = fc.array(letters, { minLength: 2, maxLength: 9 }).map((a) => a.join(''));

/** One random edit (or none) of `s`. */
const edited = (s: string) =>
  fc
    .tuple(fc.nat(s.length), fc.constantFrom('none', 'sub', 'ins', 'del', 'swap'), letters)
    .map(([i, op, c]) => {
      const a = Array.from(s);
      if (op === 'sub' && i < a.length) a[i] = c;
      if (op === 'ins') a.splice(i, 0, c);
      if (op === 'del' && i < a.length) a.splice(i, 1);
      if (op === 'swap' && i + 1 < a.length) [a[i], a[i + 1]] = [a[i + 1] ?? '', a[i] ?? ''];
      return a.join('');
    });

describe('index keys', () => {
  it('every record a query matches holds one of the query keys', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 2, max: 9 }),
        (names, pick, cut) => {
          const tokens = searchTokens(names.join(' '));
          const target = tokens[pick % tokens.length] ?? '';
          fc.assert(
            fc.property(edited(target.slice(0, cut)), (query) => {
              const q = queryTokens(query);
              if (matchTokens(q, tokens) === null) return;
              const recordKeys = new Set(searchIndexKeys(tokens));
              expect(queryIndexKeys(query).some((k) => recordKeys.has(k))).toBe(true);
            }),
            { numRuns: 20 },
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds every match of a query of 4+ letters through its p: keys alone (exhaustive, a–c)', () => {
    const strings = (len: number): string[] =>
      len === 0 ? [''] : strings(len - 1).flatMap((s) => ['a', 'b', 'c'].map((c) => s + c));
    const records = [3, 4, 5, 6].flatMap(strings);
    const queries = [4, 5].flatMap(strings);
    const keysOf = new Map(queries.map((q) => [q, queryIndexKeys(q)]));
    // Failures are collected and asserted once: 350 000 pairs through expect() took seconds.
    const notPrefixOnly = queries.filter(
      (q) => !(keysOf.get(q) ?? []).every((k) => k.startsWith('p:')),
    );
    const missed: string[] = [];
    let matches = 0;
    for (const token of records) {
      const recordKeys = new Set(searchIndexKeys([token]));
      for (const query of queries) {
        if (matchTokens([query], [token]) === null) continue;
        matches++;
        if (!(keysOf.get(query) ?? []).some((k) => recordKeys.has(k)))
          missed.push(`${query} → ${token}`);
      }
    }
    expect(notPrefixOnly).toEqual([]);
    expect(missed).toEqual([]);
    expect(matches).toBeGreaterThan(1000);
  });

  it('every exact (score 0) match holds every one of the exact-match keys', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.nat(), (names, pick) => {
        const tokens = searchTokens(names.join(' '));
        const query = (tokens[pick % tokens.length] ?? '').slice(0, 3 + (pick % 4));
        if (matchTokens(queryTokens(query), tokens) !== 0) return;
        const recordKeys = new Set(searchIndexKeys(tokens));
        const exact = exactMatchKeys(query).flat();
        expect(exact.length).toBeGreaterThan(0);
        for (const k of exact) expect(recordKeys.has(k)).toBe(true);
      }),
    );
  });

  it('every exact match of a several-word query holds every word’s exact keys', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 2, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 2, max: 6 })), {
          minLength: 2,
          maxLength: 3,
        }),
        (names, picks) => {
          const tokens = searchTokens(names.join(' '));
          const query = picks.map(([i, cut]) => (tokens[i % tokens.length] ?? '').slice(0, cut));
          if (matchTokens(queryTokens(query.join(' ')), tokens) !== 0) return;
          const recordKeys = new Set(searchIndexKeys(tokens));
          for (const k of exactMatchKeys(query.join(' ')).flat()) {
            expect(recordKeys.has(k)).toBe(true);
          }
        },
      ),
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        searchIndexKeys(searchTokens(a));
        queryIndexKeys(b);
        matchTokens(queryTokens(b), searchTokens(a));
      }),
    );
  });
});
