import { addMessages, init, locale } from 'svelte-i18n';
import { LANGS, type Lang } from '#shared/domain/types';
import { CATALOGUES } from './catalogues';

/** Where the operator's choice of language is remembered, in this browser. */
export const LANG_KEY = 'coffee-console.lang';

/**
 * The language to start in: the operator's remembered choice, else the first of the browser's
 * languages that is fr, nl or en, else English. A storage that throws (private mode) is ignored.
 */
export function initialLang(storage: Pick<Storage, 'getItem'>, preferred: readonly string[]): Lang {
  let saved: string | null = null;
  try {
    saved = storage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  const known = LANGS.find((l) => l === saved);
  if (known) return known;
  for (const tag of preferred) {
    const match = LANGS.find((l) => l === tag.toLowerCase().split('-')[0]);
    if (match) return match;
  }
  return 'en';
}

/** Registers the catalogues and selects `lang`; call once before the first component mounts. */
export function setupI18n(lang: Lang): void {
  for (const l of LANGS) addMessages(l, CATALOGUES[l]);
  void init({ fallbackLocale: 'en', initialLocale: lang });
  showLang(lang);
}

/** Shows `lang` now and sets `<html lang>` so assistive technology reads in the right voice. */
export function showLang(lang: Lang): void {
  void locale.set(lang);
  document.documentElement.lang = lang;
}

/** The operator chose `lang`: show it and remember it (a storage that throws only forgets). */
export function chooseLang(storage: Pick<Storage, 'setItem'>, lang: Lang): void {
  showLang(lang);
  try {
    storage.setItem(LANG_KEY, lang);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
}
