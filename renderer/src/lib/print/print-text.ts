import { format } from 'svelte-i18n';
import { get } from 'svelte/store';
import type { Lang } from '#shared/domain/types';
import type { BadgeLabelText } from '#shared/print/badge-label';
import type { EvacuationRosterText } from '#shared/print/evacuation-roster';

/** A message formatter: catalogue key and values in, text in `lang` out. */
export type Translate = (id: string, values: Record<string, string | number>, lang: Lang) => string;

/** svelte-i18n's formatter, asked for an explicit language (not only the page's current one). */
export const i18nTranslate: Translate = (id, values, lang) =>
  get(format)(id, { values, locale: lang });

/** The badge label's words in `lang`, from the `print.label` keys of the catalogue. */
export function badgeLabelText(t: Translate, lang: Lang): BadgeLabelText {
  return {
    title: t('print.label.title', {}, lang),
    host: (name) => t('print.label.host', { name }, lang),
  };
}

/** The roster's words in `lang`, from the `print.sheet` keys of the catalogue. */
export function rosterText(t: Translate, lang: Lang): EvacuationRosterText {
  const s = (key: string, values: Record<string, string | number> = {}): string =>
    t(`print.sheet.${key}`, values, lang);
  return {
    title: (space) => s('title', { space }),
    printedAt: (date, time) => s('printedAt', { date, time }),
    count: (count) => s('count', { count }),
    columns: { name: s('name'), kind: s('kind'), since: s('since'), host: s('host') },
    member: s('member'),
    visitor: s('visitor'),
    guestFrom: (space) => s('guestFrom', { space }),
    unknown: s('unknown'),
    erased: s('erased'),
    empty: s('empty'),
    page: (page, pages) => s('page', { page, pages }),
  };
}
