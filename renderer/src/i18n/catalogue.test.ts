import { describe, expect, it } from 'vitest';
import { LANGS } from '#shared/domain/types';
import { CATALOGUES } from './index';

/** Every leaf of a nested catalogue as `dotted.key` → value. */
function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/**
 * Words that are the same in every language because they are names, not English: the brand, each
 * language's own name, the device class HID, the countries French spells as English does, OK, and
 * Agenda (the home screen's button: one word in all three).
 * Anything else equal to the English text is an untranslated line. Keep this list short.
 */
const SAME_IN_EVERY_LANGUAGE: ReadonlySet<string> = new Set([
  'COFFEE Kiosk',
  'Français',
  'Nederlands',
  'English',
  'USB HID',
  'France',
  'Luxembourg',
  'OK',
  'Agenda',
]);

describe('i18n catalogues', () => {
  const flat = Object.fromEntries(LANGS.map((l) => [l, flatten(CATALOGUES[l])]));
  const reference = [...flatten(CATALOGUES.en).keys()].sort();

  it.each(LANGS)('%s has exactly the keys of the others', (lang) => {
    expect(reference.length).toBeGreaterThan(20);
    expect([...(flat[lang]?.keys() ?? [])].sort()).toEqual(reference);
  });

  // The three files are reviewed side by side, line by line: the same keys in the same order.
  it.each(LANGS)('%s lists its keys in the order English does', (lang) => {
    expect([...(flat[lang]?.keys() ?? [])]).toEqual([...(flat.en?.keys() ?? [])]);
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s translates every line, names aside', (lang) => {
    const untranslated = [...(flat[lang]?.entries() ?? [])].filter(
      ([key, value]) => value === flat.en?.get(key) && !SAME_IN_EVERY_LANGUAGE.has(String(value)),
    );
    expect(untranslated).toEqual([]);
  });

  // One register per language (README.md): Dutch says u, French says vous, to everyone.
  it.each([
    ['nl', /(?<![\p{L}’'-])(je|jij|jou|jouw|jullie|alsjeblieft)(?![\p{L}’'-])/iu],
    ['fr', /(?<![\p{L}’'-])(tu|toi|ton|ta|tes|te)(?![\p{L}’'-])/iu],
  ] as const)('%s keeps to the polite register', (lang, familiar) => {
    const familiarLines = [...(flat[lang]?.entries() ?? [])].filter(([, v]) =>
      familiar.test(String(v)),
    );
    expect(familiarLines).toEqual([]);
  });

  // Lines shown side by side must not repeat a word: the host list once read, in French,
  // "en visite depuis Mutualab depuis 20:18" (host.guestFrom then host.since).
  it.each(LANGS)('%s names a guest’s space and time without repeating a word', (lang) => {
    const words = (key: string) =>
      String(flat[lang]?.get(key))
        .replace(/\{\w+\}/g, ' ')
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length > 1);
    for (const [left, right] of [
      ['host.guestFrom', 'host.since'],
      ['welcome.guestFrom', 'welcome.stillIn'],
    ] as const) {
      const shared = words(left).filter((w) => words(right).includes(w));
      expect(shared, `${left} + ${right}`).toEqual([]);
    }
  });

  it.each(LANGS)('%s has only non-empty strings', (lang) => {
    const entries = [...(flat[lang]?.entries() ?? [])];
    expect(entries.length).toBe(reference.length);
    const bad = entries.filter(([, v]) => typeof v !== 'string' || v.trim() === '');
    expect(bad).toEqual([]);
  });

  // Plural branches (`one {# person}`) are text, not arguments, hence the look-behind.
  it.each(LANGS)('%s keeps every {placeholder} of the English text', (lang) => {
    const placeholders = (s: unknown) =>
      [...String(s).matchAll(/(?<!(?:=\d+|zero|one|two|few|many|other) )\{(\w+)/g)]
        .map((m) => m[1])
        .sort();
    for (const [key, value] of flat.en ?? []) {
      expect(placeholders(flat[lang]?.get(key)), key).toEqual(placeholders(value));
    }
  });
});
