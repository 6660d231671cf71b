import type { AgendaEvent, Lang, Localised } from '#shared/domain/types';
import { LANGS } from '#shared/domain/types';
import { formatInstant } from '#shared/time/format';

/**
 * What the agenda shows of one occurrence beyond its raw fields: its words in the visitor's
 * language (or another, said so), its state at an instant, and whether its own zone's clock
 * differs from the kiosk's. Pure; Intl only (no Temporal), so the home screen may use it.
 */

/** Words in one language, and whether that is the language asked for. */
export interface Words {
  readonly text: string;
  readonly lang: Lang;
  /** True when `lang` is not the language asked for (the screen tags it visibly). */
  readonly isFallback: boolean;
}

/**
 * `words` in `lang`, else in the language the event is held in (`heldIn`), else the first of fr,
 * nl, en that it has; null when it has none (blank strings count as none).
 */
export function wordsIn(words: Localised | undefined, lang: Lang, heldIn?: Lang): Words | null {
  const order = [lang, ...(heldIn ? [heldIn] : []), ...LANGS];
  for (const candidate of order) {
    const text = words?.[candidate]?.trim();
    if (text) return { text, lang: candidate, isFallback: candidate !== lang };
  }
  return null;
}

/** How close "starts in N min" begins. */
export const SOON_MS = 60 * 60_000;

/** An occurrence's state at an instant, as the list says it. */
export type EventPhase =
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'now' }
  | { readonly kind: 'soon'; readonly minutes: number }
  | { readonly kind: 'later' }
  | { readonly kind: 'ended' };

/**
 * The state of `event` at `now`: cancelled whatever the time; else now (started, not ended), soon
 * (starts within SOON_MS: the whole minutes left, at least 1), ended, or later.
 */
export function eventPhase(
  event: Pick<AgendaEvent, 'startsAt' | 'endsAt' | 'status'>,
  now: number,
): EventPhase {
  if (event.status === 'cancelled') return { kind: 'cancelled' };
  if (event.endsAt <= now) return { kind: 'ended' };
  if (event.startsAt <= now) return { kind: 'now' };
  const left = event.startsAt - now;
  if (left <= SOON_MS) return { kind: 'soon', minutes: Math.max(1, Math.ceil(left / 60_000)) };
  return { kind: 'later' };
}

/**
 * The event's own zone when its clock reads otherwise than the kiosk's at the event's start (an
 * event in London seen from Mons); null when both read the same (Paris seen from Brussels), for
 * all-day events, and for floating ones (no zone of their own: they are in the space's).
 */
export function ownZoneIfDifferent(
  event: Pick<AgendaEvent, 'startsAt' | 'allDay' | 'timeZone'>,
  kioskZone: string,
): string | null {
  const zone = event.timeZone;
  if (event.allDay || zone === undefined || zone === kioskZone) return null;
  try {
    const here = formatInstant(event.startsAt, 'en', kioskZone, 'time');
    const there = formatInstant(event.startsAt, 'en', zone, 'time');
    return here === there ? null : zone;
  } catch {
    // A zone this browser does not know: the kiosk's clock alone is still right.
    return null;
  }
}

/** The city part of an IANA zone as people read it: `Europe/London` → `London`. */
export function zoneCity(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replaceAll('_', ' ');
}
