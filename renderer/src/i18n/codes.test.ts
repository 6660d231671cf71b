import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LANGS } from '#shared/domain/types';
import * as contractCodes from '#shared/ipc/codes';
import { errorKey, readerKindKey, readerStateKey } from './codes';
import { CATALOGUES } from './index';

/** The catalogue's value at a dotted key, or undefined. */
function lookUp(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[part]
          : undefined,
      tree,
    );
}

/** Every zod enum that shared/ipc/codes.ts exports under a name ending in `suffix`. */
function enumsNamed(suffix: string): [string, readonly string[]][] {
  return Object.entries(contractCodes)
    .filter(([name, value]) => name.endsWith(suffix) && value instanceof z.ZodEnum)
    .map(([name, value]) => [name, (value as z.ZodEnum).options as readonly string[]]);
}

const errorEnums = enumsNamed('ErrorCodeSchema');
const errorCodes = [...new Set(errorEnums.flatMap(([, options]) => options))];

/** Fails with the list of keys missing (or empty) in any language. */
function expectSentences(keys: readonly string[]): void {
  const missing = LANGS.flatMap((lang) =>
    keys
      .filter((key) => {
        const value = lookUp(CATALOGUES[lang], key);
        return typeof value !== 'string' || value.trim() === '';
      })
      .map((key) => `${lang}: ${key}`),
  );
  expect(missing).toEqual([]);
}

describe('the words for the contract codes', () => {
  it('finds the contract enums to walk', () => {
    expect(errorEnums.length).toBeGreaterThanOrEqual(6);
    expect(errorCodes).toContain('hub-not-configured');
  });

  it('collects every error enum into KioskErrorCodeSchema, which the map knows', () => {
    const union = contractCodes.KioskErrorCodeSchema.options as readonly string[];
    expect(errorCodes.filter((code) => !union.includes(code))).toEqual([]);
  });

  it('maps every error code of the contract to its own sentence in fr, nl and en', () => {
    const keys = errorCodes.map(errorKey);
    expect(keys.filter((key) => key === 'errors.unknown')).toEqual([]);
    expect(new Set(keys).size).toBe(errorCodes.length);
    expectSentences([...keys, 'errors.unknown']);
  });

  it('puts an unknown code into the generic sentence, never into a key of its own', () => {
    expect(errorKey('hub-exploded')).toBe('errors.unknown');
    expect(errorKey('')).toBe('errors.unknown');
    expect(errorKey('toString')).toBe('errors.unknown');
  });

  it('has words for every reader kind and state of the contract', () => {
    expectSentences(contractCodes.ReaderKindSchema.options.map(readerKindKey));
    expectSentences(contractCodes.ReaderStateSchema.options.map(readerStateKey));
  });

  it('has no sentence left over for a code the contract no longer has', () => {
    const sentences = Object.keys(CATALOGUES.en.errors).filter((code) => code !== 'unknown');
    expect(sentences.filter((code) => !errorCodes.includes(code))).toEqual([]);
  });
});
