import { compile, type HtmlToTextOptions } from 'html-to-text';
import { LANGS, type Lang, type Localised } from '#shared/domain/types';

/**
 * The words of a feed's event as the agenda keeps them: per language, within the shared schema's
 * lengths, descriptions as plain text, links http(s) only. A feed is untrusted: a title keeps its
 * text verbatim (a `<script>` stays text, which the kiosk renders as text), and nothing here drops
 * an event — too long is cut with an ellipsis.
 */

/** The shared schema's limits (shared/sync/protocol-records.ts, AgendaEventSchema). */
export const TEXT_LIMITS = { title: 300, description: 5000, location: 300, url: 2000 } as const;

/**
 * `text` cut to at most `max` UTF-16 units (what zod's `max` counts), ending in `…` when cut;
 * never splits a surrogate pair.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** The agenda language of a LANGUAGE parameter (`fr-BE` → `fr`), or undefined for another one. */
export function langOf(tag: unknown): Lang | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return LANGS.find((lang) => lang === primary);
}

const LOOKS_LIKE_HTML = /<\/?[a-z][^>]*>|&(#\d+|#x[\da-f]+|[a-z]+\d*);/i;

const HTML_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};
// Compiled once: html-to-text's convert() builds its selector tree on every call.
const fromHtml = compile(HTML_OPTIONS);
/** Text with entities or stray tags but no block markup: its own line breaks are its paragraphs. */
const fromTextWithEntities = compile({ ...HTML_OPTIONS, preserveNewlines: true });

/**
 * Plain text from a description that may be HTML (Google Calendar writes HTML into DESCRIPTION;
 * Outlook puts it in X-ALT-DESC): tags gone, entities decoded, links kept as their text and
 * address, lines kept. Text without markup is returned as is (trimmed).
 */
export function plainText(text: string): string {
  if (!LOOKS_LIKE_HTML.test(text)) return text.trim();
  const convert = /<(p|br|div|li)\b/i.test(text) ? fromHtml : fromTextWithEntities;
  return convert(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `text` as an http(s) URL the kiosk may show as a QR code, or undefined. */
export function httpUrl(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed.length > TEXT_LIMITS.url) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/** One text of a property and the language it is tagged with (undefined: untagged or other). */
export interface TaggedText {
  readonly text: string;
  readonly lang: Lang | undefined;
  /** Tagged with a language the agenda does not hold (`de`): kept only when nothing else is. */
  readonly isForeign: boolean;
}

/**
 * Texts per language: a tagged text under its language (the first per language wins), an
 * untagged one under `fallback`. Texts in other languages count only when there is nothing else
 * (under `fallback`). Empty texts are skipped; each is capped at `max`.
 */
export function localise(
  texts: readonly TaggedText[],
  fallback: Lang,
  max: number,
  clean: (text: string) => string = (t) => t,
): Localised {
  const value: Localised = {};
  const usable = texts.some((t) => !t.isForeign) ? texts.filter((t) => !t.isForeign) : texts;
  for (const { text, lang } of usable) {
    const cleaned = clean(text);
    if (cleaned.length === 0) continue;
    const key = lang ?? fallback;
    value[key] ??= capText(cleaned, max);
  }
  return value;
}
