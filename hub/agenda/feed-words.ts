import type ICAL from 'ical.js';
import type { EventStatus, Lang, Localised } from '#shared/domain/types';
import {
  capText,
  httpUrl,
  langOf,
  localise,
  plainText,
  TEXT_LIMITS,
  type TaggedText,
} from './feed-text';

/** What a VEVENT says about itself, apart from its times. */
export interface EventWords {
  readonly title: Localised;
  readonly lang?: Lang;
  readonly description?: Localised;
  readonly location?: string;
  readonly url?: string;
  readonly status: EventStatus;
}

/** What an event without any SUMMARY is called, in every language the kiosk speaks. */
export const UNTITLED: Localised = { fr: 'Sans titre', nl: 'Zonder titel', en: 'Untitled' };

/** The language untagged text is filed under when the feed gives no default either. */
const LAST_RESORT: Lang = 'fr';

function tagged(component: ICAL.Component, name: string): TaggedText[] {
  return component.getAllProperties(name).flatMap((prop) => {
    const value = prop.getFirstValue();
    if (typeof value !== 'string') return [];
    const tag: unknown = prop.getParameter('language');
    const lang = langOf(tag);
    return [{ text: value, lang, isForeign: tag !== undefined && lang === undefined }];
  });
}

function statusOf(component: ICAL.Component): EventStatus {
  const status = component.getFirstPropertyValue('status');
  const upper = typeof status === 'string' ? status.trim().toUpperCase() : '';
  if (upper === 'CANCELLED') return 'cancelled';
  if (upper === 'TENTATIVE') return 'tentative';
  return 'confirmed';
}

/**
 * The words of one VEVENT. Several SUMMARY (or DESCRIPTION) properties with different LANGUAGE
 * parameters are translations; the event is held in the language of the first tagged one, else
 * `defaultLang` (else unknown: `lang` absent, untagged text filed under fr). Titles are trimmed,
 * never rewritten; descriptions (DESCRIPTION, else Outlook's X-ALT-DESC) become plain text; all
 * are capped at the shared schema's lengths. Never throws.
 */
export function eventWords(component: ICAL.Component, defaultLang: Lang | undefined): EventWords {
  const summaries = tagged(component, 'summary');
  let descriptions = tagged(component, 'description');
  if (descriptions.length === 0) descriptions = tagged(component, 'x-alt-desc');
  const held =
    [...summaries, ...descriptions].find((t) => t.lang !== undefined)?.lang ?? defaultLang;
  const fallback = held ?? LAST_RESORT;
  const title = localise(summaries, fallback, TEXT_LIMITS.title, (t) => t.trim());
  const description = localise(descriptions, fallback, TEXT_LIMITS.description, plainText);
  const location = component.getFirstPropertyValue('location');
  const locationText = typeof location === 'string' ? location.trim() : '';
  const url = httpUrl(component.getFirstPropertyValue('url'));
  return {
    title: Object.keys(title).length > 0 ? title : UNTITLED,
    ...(held ? { lang: held } : {}),
    ...(Object.keys(description).length > 0 ? { description } : {}),
    ...(locationText ? { location: capText(locationText, TEXT_LIMITS.location) } : {}),
    ...(url ? { url } : {}),
    status: statusOf(component),
  };
}
