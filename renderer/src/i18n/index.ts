import { addMessages, init, locale } from 'svelte-i18n';
import { LANGS, type Lang } from '#shared/domain/types';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

/** The shape of a catalogue: English's, so a key missing in fr or nl fails type-checking too. */
export type Catalogue = typeof en;

/**
 * The three catalogues, bundled (never fetched) so the kiosk speaks every language offline.
 * Keys are identical in each file; catalogue.test.ts guards it.
 */
export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { fr, nl, en };

/**
 * Registers the catalogues and selects `initial`. Call once, before the first component mounts;
 * a second call only re-selects the language. English is the fallback for a missing key, which the
 * catalogue test keeps from happening.
 */
export function setupI18n(initial: Lang): void {
  for (const lang of LANGS) addMessages(lang, CATALOGUES[lang]);
  void init({ fallbackLocale: 'en', initialLocale: initial });
  applyLang(initial);
}

/**
 * Switches the visible language synchronously (the catalogues are preloaded, so svelte-i18n has
 * nothing to wait for) and sets `<html lang>` so assistive technology reads in the right voice.
 */
export function applyLang(lang: Lang): void {
  void locale.set(lang);
  document.documentElement.lang = lang;
}

/**
 * The best of fr / nl / en for a list of browser languages (e.g. `navigator.languages`), used
 * before any kiosk config is known (loading and config-error screens). Falls back to English.
 */
export function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = LANGS.find((l) => l === base);
    if (match) return match;
  }
  return 'en';
}
