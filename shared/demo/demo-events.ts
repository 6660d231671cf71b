import type { AgendaEvent, EventStatus, Lang, Localised } from '../domain/types';
import { addDays, startOfDay, toInstant, wallDateOf } from '../time/zoned';
import type { WallDate } from '../time/wall';

/**
 * The demo agenda: occurrences across the seven COFFEE places over the next four weeks, made
 * relative to the demo's "now" so it never goes stale. Some series recur weekly, one occurrence
 * is cancelled, one event runs now and one starts within the hour, one is held in London's zone,
 * one lasts two whole days; events are held in fr, nl and en, and some lack a translation so the
 * kiosk's visible fallback shows. Same `now`, same records. Ids all start with DEMO_EVENT_PREFIX.
 *
 * It imports nothing of demo-data.ts: the renderer loads it lazily, and a module shared with the
 * first-paint bundle would be split out of it by the bundler and evaluated before the entry's
 * own set-up (zod's jitless mode), which the CSP then catches. The spaces' zones come in instead.
 */

/** Every demo occurrence's id starts with this (the seed replaces them all at each start). */
export const DEMO_EVENT_PREFIX = 'demo-event-';

interface Series {
  key: string;
  spaceId: string;
  lang: Lang;
  title: Localised;
  description?: Localised;
  /** Days after today of each occurrence, and its local start (HH, MM) and length in minutes. */
  days: readonly number[];
  at: readonly [number, number];
  minutes: number;
  timeZone?: string;
  /** Occurrence indexes (in `days`) that are cancelled. */
  cancelled?: readonly number[];
}

const SERIES: readonly Series[] = [
  {
    key: 'members-coffee',
    spaceId: 'co-nnexion-mons',
    lang: 'fr',
    title: { fr: 'Café des membres', nl: 'Ledenkoffie', en: 'Members’ coffee' },
    description: {
      fr: 'Un café, des croissants et les nouvelles de la semaine. Ouvert à tous les membres du réseau.',
      nl: 'Koffie, croissants en het nieuws van de week. Open voor alle leden van het netwerk.',
      en: 'Coffee, croissants and the week’s news. Open to every member of the network.',
    },
    days: [1, 8, 15, 22],
    at: [9, 30],
    minutes: 60,
    cancelled: [2],
  },
  {
    key: 'lunch-learn',
    spaceId: 'cowork-factory-la-louviere',
    lang: 'fr',
    title: { fr: 'Lunch & learn : la facturation électronique', en: 'Lunch & learn: e-invoicing' },
    days: [2, 9, 16, 23],
    at: [12, 30],
    minutes: 75,
  },
  {
    key: 'fresque',
    spaceId: 'mutualab-lille',
    lang: 'fr',
    title: { fr: 'Atelier Fresque du climat' },
    description: { fr: 'Trois heures pour comprendre le changement climatique, en équipe.' },
    days: [2, 16],
    at: [18, 30],
    minutes: 180,
    timeZone: 'Europe/Paris',
  },
  {
    key: 'netwerkontbijt',
    spaceId: 'esco-tournai',
    lang: 'nl',
    title: { nl: 'Netwerkontbijt', fr: 'Petit-déjeuner réseautage' },
    description: { nl: 'Ontbijt met ondernemers uit Henegouwen en West-Vlaanderen.' },
    days: [3, 10, 17, 24],
    at: [8, 0],
    minutes: 90,
  },
  {
    key: 'demo-day',
    spaceId: 'pop-lille',
    lang: 'en',
    title: { en: 'Startup demo day', fr: 'Journée démo des startups' },
    days: [5],
    at: [14, 0],
    minutes: 240,
    timeZone: 'Europe/Paris',
    cancelled: [0],
  },
  {
    key: 'remote-talk',
    spaceId: 'co-nnexion-mons',
    lang: 'en',
    title: { en: 'Remote talk from London: selling across borders' },
    description: { en: 'Streamed live from our partner space in London, with questions after.' },
    days: [6],
    at: [16, 0],
    minutes: 60,
    timeZone: 'Europe/London',
  },
  {
    key: 'hackathon',
    spaceId: 'switch-charleroi',
    lang: 'en',
    title: { en: 'Open data hackathon', nl: 'Open data-hackathon' },
    days: [12],
    at: [9, 0],
    minutes: 540,
  },
  {
    key: 'boekhouding',
    spaceId: 'esco-tournai',
    lang: 'nl',
    title: { nl: 'Boekhouding voor freelancers', en: 'Bookkeeping for freelancers' },
    days: [7, 21],
    at: [10, 0],
    minutes: 120,
  },
  {
    key: 'afterwork',
    spaceId: 'technocite-mons',
    lang: 'fr',
    title: { fr: 'Afterwork du réseau', nl: 'Netwerkborrel', en: 'Network afterwork' },
    days: [4, 11, 18, 25],
    at: [18, 0],
    minutes: 150,
  },
];

/** When the demo occurrences were "last changed" (demo-data.ts's DEMO_UPDATED_AT). */
const DEMO_EVENTS_UPDATED_AT = Date.UTC(2025, 0, 1);

/** A space's IANA zone, by id (the demo spaces'). */
export type ZoneOfSpace = (spaceId: string) => string;

function iso(date: WallDate): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

function occurrence(
  key: string,
  n: number,
  fields: Omit<AgendaEvent, 'id' | 'uid' | 'updatedAt' | 'status'> & { status?: EventStatus },
): AgendaEvent {
  return {
    id: `${DEMO_EVENT_PREFIX}${key}-${String(n)}`,
    uid: `${key}@demo.coffee.example`,
    status: 'confirmed',
    updatedAt: DEMO_EVENTS_UPDATED_AT,
    ...fields,
  };
}

function seriesOccurrences(s: Series, today: WallDate, zoneOf: ZoneOfSpace): AgendaEvent[] {
  const zone = s.timeZone ?? zoneOf(s.spaceId);
  return s.days.map((offset, n) => {
    const startsAt = toInstant({ ...addDays(today, offset), hour: s.at[0], minute: s.at[1] }, zone);
    return occurrence(s.key, n, {
      spaceId: s.spaceId,
      ...(s.days.length > 1 ? { recurrenceId: new Date(startsAt).toISOString() } : {}),
      startsAt,
      endsAt: startsAt + s.minutes * 60_000,
      allDay: false,
      ...(s.timeZone ? { timeZone: s.timeZone } : {}),
      lang: s.lang,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      url: `https://coffee.example/agenda/${s.key}`,
      status: s.cancelled?.includes(n) ? 'cancelled' : 'confirmed',
    });
  });
}

/**
 * The demo's occurrences at `now` (epoch ms), sorted by start, each space's at its zone
 * (`zoneOf`). Throws only on a zone Temporal does not know.
 */
export function demoEvents(now: number, zoneOf: ZoneOfSpace): AgendaEvent[] {
  const quarter = 15 * 60_000;
  const roundedNow = Math.floor(now / quarter) * quarter;
  const today = wallDateOf(now, 'Europe/Brussels');
  const training = addDays(today, 13);
  const relative: AgendaEvent[] = [
    occurrence('ebranding', 0, {
      spaceId: 'co-nnexion-mons',
      startsAt: roundedNow - 2 * quarter,
      endsAt: roundedNow + 6 * quarter,
      allDay: false,
      lang: 'fr',
      title: { fr: 'Formation e-branding', en: 'E-branding training' },
      description: {
        fr: 'Votre marque en ligne : site, réseaux sociaux et référencement, en pratique.',
        en: 'Your brand online: website, social media and search, hands on.',
      },
      url: 'https://coffee.example/agenda/ebranding',
    }),
    occurrence('startup-meetup', 0, {
      spaceId: 'switch-charleroi',
      startsAt: roundedNow + 3 * quarter,
      endsAt: roundedNow + 11 * quarter,
      allDay: false,
      lang: 'en',
      title: { en: 'Startup meetup' },
      url: 'https://coffee.example/agenda/startup-meetup',
    }),
    occurrence('python', 0, {
      spaceId: 'technocite-mons',
      startsAt: startOfDay(training, 'Europe/Brussels'),
      endsAt: startOfDay(addDays(training, 2), 'Europe/Brussels'),
      allDay: true,
      startDate: iso(training),
      endDate: iso(addDays(training, 2)),
      lang: 'fr',
      title: { fr: 'Formation Python (deux jours)', nl: 'Python-opleiding (twee dagen)' },
      url: 'https://coffee.example/agenda/python',
    }),
  ];
  return [...relative, ...SERIES.flatMap((s) => seriesOccurrences(s, today, zoneOf))].sort(
    (a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1),
  );
}
