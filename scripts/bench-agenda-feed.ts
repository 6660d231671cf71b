import { tzlib_get_ical_block } from 'timezones-ical-library';
import { rng } from './bench-walkin-people';

/**
 * A large, realistic, deterministic feed for the agenda benchmarks (`bench-agenda-expand.ts`; the
 * feeds import's): what a busy space's calendar plugin exports. Single events spread over the
 * year after `start`, recurring ones (weekly, fortnightly, monthly by weekday or by day, some
 * ending by COUNT or UNTIL, some with an EXDATE and a moved instance) starting in the month before
 * it, each DTSTART on its rule's first instance; Brussels and Paris with their VTIMEZONEs; titles
 * in one to three languages; some HTML descriptions. The same options give the same text.
 */
export interface GenerateFeedOptions {
  readonly events: number;
  /** Share of the events that recur, 0–1. */
  readonly recurringShare: number;
  readonly seed: number;
  /** Epoch ms: the year of single events starts here. */
  readonly start: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local wall time in iCalendar form from a UTC-fielded Date (the fields are read as local). */
const local = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;

const ZONES = ['Europe/Brussels', 'Europe/Paris'] as const;
const WORDS = {
  fr: ['Atelier', 'Petit-déjeuner', 'Formation', 'Apéro', 'Conférence', 'Permanence'],
  nl: ['Workshop', 'Ontbijt', 'Opleiding', 'Borrel', 'Lezing', 'Spreekuur'],
  en: ['Workshop', 'Breakfast', 'Training', 'Drinks', 'Talk', 'Office hours'],
} as const;
const RULES = [
  'FREQ=WEEKLY',
  'FREQ=WEEKLY;INTERVAL=2',
  'FREQ=MONTHLY;BYDAY=1TU',
  'FREQ=MONTHLY;BYMONTHDAY=15',
  'FREQ=WEEKLY;BYDAY=MO,TH',
];

/**
 * Days from `start` (UTC fields read as local wall time) to the first instance of `rule` on or
 * after it: calendar programs write DTSTART on the rule (RFC 5545 §3.8.5.3: a set whose DTSTART is
 * not synchronized with its rule is undefined).
 */
function daysToFirstInstance(rule: string, start: Date): number {
  const isInstance = (d: Date) =>
    rule.includes('BYDAY=1TU')
      ? d.getUTCDay() === 2 && d.getUTCDate() <= 7
      : rule.includes('BYMONTHDAY=15')
        ? d.getUTCDate() === 15
        : rule.includes('BYDAY=MO,TH')
          ? d.getUTCDay() === 1 || d.getUTCDay() === 4
          : true;
  for (let days = 0; days < 62; days++) {
    if (isInstance(new Date(start.getTime() + days * 86_400_000))) return days;
  }
  throw new Error(`no instance of ${rule} within two months`);
}

/** The feed's text (CRLF lines, as RFC 5545 writes them). */
export function generateFeed(options: GenerateFeedOptions): string {
  const next = rng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//COFFEE Kiosk bench//EN'];
  for (const zone of ZONES) {
    const [block] = tzlib_get_ical_block(zone, false);
    if (typeof block === 'string') lines.push(...block.split('\r\n'));
  }
  const recurring = Math.round(options.events * options.recurringShare);
  for (let i = 0; i < options.events; i++) {
    const isRecurring = i < recurring;
    const offsetDays = isRecurring ? -Math.floor(next() * 30) : Math.floor(next() * 365);
    let start = new Date(options.start + offsetDays * 86_400_000);
    start.setUTCHours(8 + Math.floor(next() * 11), pick([0, 15, 30, 45]), 0, 0);
    let end = new Date(start.getTime() + (30 + Math.floor(next() * 8) * 30) * 60_000);
    const zone = pick(ZONES);
    const kind = Math.floor(next() * WORDS.fr.length);
    const uid = `bench-${options.seed}-${i}@coffee.test`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=${zone}:${local(start)}`,
      `DTEND;TZID=${zone}:${local(end)}`,
    );
    const timesAt = lines.length - 2;
    for (const lang of ['fr', 'nl', 'en'] as const) {
      if (lang === 'fr' || next() < 0.4) {
        lines.push(`SUMMARY;LANGUAGE=${lang}:${WORDS[lang][kind] ?? ''} ${i}`);
      }
    }
    if (next() < 0.3) {
      lines.push(`DESCRIPTION:<p>Inscription <b>gratuite</b> &amp; ouverte à tous (${i}).</p>`);
    }
    lines.push(`LOCATION:Salle ${1 + (i % 4)}`, `URL:https://example.org/events/${i}`);
    if (isRecurring) {
      const ending = next();
      const limit =
        ending < 0.3
          ? ';COUNT=20'
          : ending < 0.5
            ? `;UNTIL=${local(new Date(options.start + 200 * 86_400_000))}Z`
            : '';
      const rule = pick(RULES);
      // On the rule's first instance (the draws above stay as they were, so the feed's other
      // events do not change): DTSTART and DTEND move together.
      const shift = daysToFirstInstance(rule, start) * 86_400_000;
      start = new Date(start.getTime() + shift);
      end = new Date(end.getTime() + shift);
      lines[timesAt] = `DTSTART;TZID=${zone}:${local(start)}`;
      lines[timesAt + 1] = `DTEND;TZID=${zone}:${local(end)}`;
      lines.push(`RRULE:${rule}${limit}`);
      if (next() < 0.2) {
        lines.push(`EXDATE;TZID=${zone}:${local(new Date(start.getTime() + 14 * 86_400_000))}`);
      }
    }
    lines.push('END:VEVENT');
    if (isRecurring && next() < 0.1) {
      const original = new Date(start.getTime() + 7 * 86_400_000);
      const moved = new Date(original.getTime() + 3_600_000);
      lines.push(
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20260101T000000Z',
        `RECURRENCE-ID;TZID=${zone}:${local(original)}`,
        `DTSTART;TZID=${zone}:${local(moved)}`,
        `DTEND;TZID=${zone}:${local(new Date(moved.getTime() + 3_600_000))}`,
        `SUMMARY;LANGUAGE=fr:${WORDS.fr[kind] ?? ''} ${i} (déplacé)`,
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
