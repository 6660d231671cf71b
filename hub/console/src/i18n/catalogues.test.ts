import { describe, expect, it } from 'vitest';
import { LANGS } from '#shared/domain/types';
import { CATALOGUES } from './catalogues';
import { initialLang } from './index';

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** Names and words French or Dutch spell as English does; anything else equal is untranslated. */
const SAME_IN_EVERY_LANGUAGE: ReadonlySet<string> = new Set([
  'Français',
  'Nederlands',
  'English',
  '—',
  'Actions',
  'OK',
  '{n, plural, one {# minute} other {# minutes}}',
]);

describe('the console catalogues', () => {
  const flat = Object.fromEntries(LANGS.map((l) => [l, flatten(CATALOGUES[l])]));
  const english = [...(flat.en?.entries() ?? [])];

  it.each(LANGS)('%s has the keys of English, in its order, each a non-empty string', (lang) => {
    expect(english.length).toBeGreaterThan(50);
    expect([...(flat[lang]?.keys() ?? [])]).toEqual(english.map(([k]) => k));
    const bad = [...(flat[lang]?.entries() ?? [])].filter(
      ([, v]) => typeof v !== 'string' || v.trim() === '',
    );
    expect(bad).toEqual([]);
  });

  it.each(['fr', 'nl'] as const)('%s translates every line, names aside', (lang) => {
    const untranslated = english.filter(
      ([key, value]) =>
        flat[lang]?.get(key) === value && !SAME_IN_EVERY_LANGUAGE.has(String(value)),
    );
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['nl', /(?<![\p{L}’'-])(je|jij|jou|jouw|jullie|alsjeblieft)(?![\p{L}’'-])/iu],
    ['fr', /(?<![\p{L}’'-])(tu|toi|ton|ta|tes|te)(?![\p{L}’'-])/iu],
  ] as const)('%s keeps to the polite register (vous, u)', (lang, familiar) => {
    const lines = [...(flat[lang]?.values() ?? [])].filter((v) => familiar.test(String(v)));
    expect(lines).toEqual([]);
  });

  it.each(LANGS)('%s keeps every {placeholder} of the English text', (lang) => {
    const placeholders = (s: unknown) =>
      [...String(s).matchAll(/(?<!(?:one|other) )\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, value] of english) {
      expect(placeholders(flat[lang]?.get(key)), key).toEqual(placeholders(value));
    }
  });
});

describe('initialLang', () => {
  const storage = (saved: string | null) => ({ getItem: () => saved });

  it('takes the remembered choice first, then the browser languages, then English', () => {
    expect(initialLang(storage('nl'), ['fr-BE'])).toBe('nl');
    expect(initialLang(storage(null), ['de-DE', 'fr-BE', 'nl'])).toBe('fr');
    expect(initialLang(storage('xx'), ['de'])).toBe('en');
  });

  it('ignores a storage that refuses to be read', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
    };
    expect(initialLang(refusing, ['nl-BE'])).toBe('nl');
  });
});
