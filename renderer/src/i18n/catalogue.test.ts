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

describe('i18n catalogues', () => {
  const flat = Object.fromEntries(LANGS.map((l) => [l, flatten(CATALOGUES[l])]));
  const reference = [...flatten(CATALOGUES.en).keys()].sort();

  it.each(LANGS)('%s has exactly the keys of the others', (lang) => {
    expect(reference.length).toBeGreaterThan(20);
    expect([...(flat[lang]?.keys() ?? [])].sort()).toEqual(reference);
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
