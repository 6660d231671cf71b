import { titleFor } from '#shared/badge/event-window';
import type { AgendaEvent, Lang } from '#shared/domain/types';
import { formatInstant } from '#shared/time/format';

/** An event as a choice button shows it: its title for the reader and its time. */
export interface EventLabel {
  id: string;
  title: string;
  /** The title's language: another than the reader's when it fell back (titleFor). */
  titleLang: Lang;
  /** Start–end, 24-hour, in `timeZone`. */
  time: string;
}

/**
 * How the event picker and the walk-in's visit step label an event on now: the title in `lang`
 * with titleFor's fallback, and its time range in the space's zone. Pure; an unknown zone throws
 * as `Intl` does (the kiosk's config has validated it).
 */
export function eventLabel(event: AgendaEvent, lang: Lang, timeZone: string): EventLabel {
  const title = titleFor(event.title, lang, event.lang);
  return {
    id: event.id,
    title: title.text,
    titleLang: title.lang,
    // 24-hour times in every language: the range needs no words.
    time: `${formatInstant(event.startsAt, lang, timeZone, 'time')}–${formatInstant(event.endsAt, lang, timeZone, 'time')}`,
  };
}
