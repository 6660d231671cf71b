import ICAL from 'ical.js';
import {
  LANGS,
  type AgendaEvent,
  type Lang,
  type Localised,
  type Space,
} from '#shared/domain/types';
import { toInstant, toWall } from '#shared/time/zoned';
import { vtimezoneFor } from './feed-zones';
import { utcWall } from './feed-values';

/**
 * The published network agenda as one VCALENDAR, built with ical.js
 * (docs/decisions/0022-feeds-parsed-and-expanded.md):
 * - one VEVENT per occurrence, its UID the occurrence's id: the same in every language and from
 *   one publication to the next, and understood by every client (a series of RECURRENCE-ID
 *   instances without their master is not);
 * - title and description in `lang`, else the language the event is held in, else the first it
 *   has (fr, nl, en), with the LANGUAGE parameter saying which;
 * - LOCATION: the event's own place, then the space's name, city and country;
 * - times in the event's zone with a VTIMEZONE for each zone used (timezones-ical-library), or in
 *   UTC when it has none or the zone repeats the wall time (the second 02:30 of an October
 *   night); all-day events as DATE values (DTEND exclusive); STATUS as the event's.
 * Never throws for records the shared schema accepts.
 */
export function renderIcs(
  events: readonly AgendaEvent[],
  lang: Lang,
  spacesById: ReadonlyMap<string, Space>,
): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', `-//COFFEE Kiosk//Network agenda//${lang.toUpperCase()}`);
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  calendar.addPropertyWithValue('x-wr-calname', CALENDAR_NAME[lang]);
  const zones = new Set<string>();
  const vevents = events.map((event) => vevent(event, lang, spacesById.get(event.spaceId), zones));
  for (const zone of [...zones].sort()) {
    const block = vtimezoneFor(zone, zone);
    if (block) calendar.addSubcomponent(new ICAL.Component(block));
  }
  for (const component of vevents) calendar.addSubcomponent(component);
  return calendar.toString().replace(/\r?\n/g, '\r\n') + '\r\n';
}

const CALENDAR_NAME: Readonly<Record<Lang, string>> = {
  fr: 'Agenda du réseau COFFEE',
  nl: 'Agenda van het COFFEE-netwerk',
  en: 'COFFEE network agenda',
};

/** The text in `lang`, else in `held`, else the first language that has one. */
function pick(text: Localised | undefined, lang: Lang, held: Lang | undefined) {
  for (const candidate of [lang, held, ...LANGS]) {
    const value = candidate ? text?.[candidate] : undefined;
    if (value !== undefined && candidate) return { value, lang: candidate };
  }
  return undefined;
}

function utcTime(at: number): ICAL.Time {
  return ICAL.Time.fromData(utcWall(at), ICAL.Timezone.utcTimezone);
}

function dateValue(date: string): ICAL.Time {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  return ICAL.Time.fromData({ year, month, day, isDate: true });
}

/** DTSTART/DTEND: local with TZID when the zone has a VTIMEZONE and reads back the same instant. */
function timeProperty(name: string, at: number, zone: string | undefined, zones: Set<string>) {
  const prop = new ICAL.Property(name);
  if (zone !== undefined && vtimezoneFor(zone, zone)) {
    const wall = toWall(at, zone);
    if (toInstant(wall, zone) === at) {
      prop.setValue(ICAL.Time.fromData({ ...wall, isDate: false }));
      prop.setParameter('tzid', zone);
      zones.add(zone);
      return prop;
    }
  }
  prop.setValue(utcTime(at));
  return prop;
}

function vevent(
  event: AgendaEvent,
  lang: Lang,
  space: Space | undefined,
  zones: Set<string>,
): ICAL.Component {
  const component = new ICAL.Component('vevent');
  component.addPropertyWithValue('uid', event.id);
  component.addPropertyWithValue('dtstamp', utcTime(event.updatedAt));
  component.addPropertyWithValue('last-modified', utcTime(event.updatedAt));
  if (event.allDay && event.startDate !== undefined && event.endDate !== undefined) {
    component.addPropertyWithValue('dtstart', dateValue(event.startDate));
    component.addPropertyWithValue('dtend', dateValue(event.endDate));
  } else {
    component.addProperty(timeProperty('dtstart', event.startsAt, event.timeZone, zones));
    component.addProperty(timeProperty('dtend', event.endsAt, event.timeZone, zones));
  }
  const title = pick(event.title, lang, event.lang);
  if (title)
    component.addPropertyWithValue('summary', title.value).setParameter('language', title.lang);
  const description = pick(event.description, lang, event.lang);
  if (description) {
    component
      .addPropertyWithValue('description', description.value)
      .setParameter('language', description.lang);
  }
  const place = [event.location, space?.name, space?.city, space?.country].filter(
    (part): part is string => part !== undefined && part.length > 0,
  );
  if (place.length > 0) component.addPropertyWithValue('location', place.join(', '));
  component.addPropertyWithValue('status', event.status.toUpperCase());
  if (event.url !== undefined) component.addPropertyWithValue('url', event.url);
  return component;
}
