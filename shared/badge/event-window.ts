import type { AgendaEvent, Lang, Localised } from '../domain/types';

/**
 * Which agenda events a badge tap at a space may count for (decision 0025). Pure.
 *
 * 1. An event is on from `beforeMs` before its start (the kiosk config's
 *    `agenda.checkInBeforeMin`) until its end, exclusive: a tap at `endsAt` is after it.
 * 2. Only events held at this kiosk's space count; a cancelled occurrence never does.
 * 3. Events on at once are offered by start, then by id (a stable order on screen).
 */

/** The most events the picker offers at once; later-starting ones beyond it are left out. */
export const MAX_PICKED_EVENTS = 4;

/** The events of `spaceId` on at `now` (rules 1–3); empty when none. */
export function eventsOnNow(
  events: Iterable<AgendaEvent>,
  spaceId: string,
  now: number,
  beforeMs: number,
): AgendaEvent[] {
  const on: AgendaEvent[] = [];
  for (const e of events) {
    if (e.spaceId !== spaceId || e.status === 'cancelled') continue;
    if (now >= e.startsAt - beforeMs && now < e.endsAt) on.push(e);
  }
  return on.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * An event's title for a reader of `lang`: theirs, else the language the event is held in, else
 * French, Dutch, English (the first given). `lang` in the result says which one it is, so a screen
 * can mark a fallback.
 */
export function titleFor(
  title: Localised,
  lang: Lang,
  heldIn?: Lang,
): { text: string; lang: Lang } {
  const order: Lang[] = [lang, ...(heldIn ? [heldIn] : []), 'fr', 'nl', 'en'];
  for (const l of order) {
    const text = title[l];
    if (text !== undefined && text !== '') return { text, lang: l };
  }
  return { text: '', lang };
}
