import type { Lang } from '#shared/domain/types';

/**
 * The words of the indicators' exports (CSV and XLSX headers, the PDF report), in the console's
 * three languages: French with *vous*, Dutch with *u*. One record per language, checked complete
 * by its type.
 */
export interface IndicatorTexts {
  readonly reportTitle: string;
  /** "From {from} to {to}", `to` the last day included. */
  readonly period: (from: string, lastDay: string) => string;
  readonly spacesLine: (names: string) => string;
  readonly intro: string;
  readonly allSpaces: string;
  readonly network: string;
  readonly space: string;
  readonly week: string;
  readonly monday: string;
  readonly visits: string;
  readonly members: string;
  readonly visitors: string;
  readonly newVisitors: string;
  readonly returningVisitors: string;
  readonly month: string;
  readonly total: string;
  readonly from: string;
  readonly to: string;
  readonly visitorsFrom: (country: string) => string;
  readonly weekday: string;
  readonly hour: string;
  readonly weekdays: readonly [string, string, string, string, string, string, string];
  readonly closedVisits: string;
  readonly averageMinutes: string;
  readonly event: string;
  readonly date: string;
  readonly attendees: string;
  readonly firstTime: string;
  readonly crossBorder: string;
  readonly sheets: {
    readonly weeks: string;
    readonly people: string;
    readonly newReturning: string;
    readonly crossMonths: string;
    readonly crossFlows: string;
    readonly hours: string;
    readonly stay: string;
    readonly events: string;
    readonly network: string;
  };
  readonly noData: string;
}

const fr: IndicatorTexts = {
  reportTitle: 'Indicateurs du réseau',
  period: (from, last) => `Du ${from} au ${last} inclus`,
  spacesLine: (names) => `Espaces : ${names}`,
  intro:
    'Fréquentation des espaces du réseau transfrontalier : visites, personnes, visites transfrontalières et participation aux événements.',
  allSpaces: 'Tous les espaces choisis',
  network: 'Réseau entier',
  space: 'Espace',
  week: 'Semaine',
  monday: 'Lundi',
  visits: 'Visites',
  members: 'Membres',
  visitors: 'Visiteurs',
  newVisitors: 'Nouveaux visiteurs',
  returningVisitors: 'Visiteurs revenus',
  month: 'Mois',
  total: 'Total',
  from: 'De',
  to: 'Vers',
  visitorsFrom: (c) => `Visiteurs (${c})`,
  weekday: 'Jour',
  hour: 'Heure',
  weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  closedVisits: 'Visites terminées',
  averageMinutes: 'Durée moyenne (minutes)',
  event: 'Événement',
  date: 'Date',
  attendees: 'Participants',
  firstTime: 'Premières visites',
  crossBorder: 'Transfrontaliers',
  sheets: {
    weeks: 'Visites par semaine',
    people: 'Personnes uniques',
    newReturning: 'Nouveaux et revenus',
    crossMonths: 'Transfrontalier par mois',
    crossFlows: 'Flux transfrontaliers',
    hours: 'Heures chargées',
    stay: 'Durée moyenne',
    events: 'Événements',
    network: 'Totaux du réseau',
  },
  noData: 'Aucune donnée pour cette période.',
};

const nl: IndicatorTexts = {
  reportTitle: 'Indicatoren van het netwerk',
  period: (from, last) => `Van ${from} tot en met ${last}`,
  spacesLine: (names) => `Ruimtes: ${names}`,
  intro:
    'Gebruik van de ruimtes van het grensoverschrijdende netwerk: bezoeken, personen, grensoverschrijdende bezoeken en deelname aan evenementen.',
  allSpaces: 'Alle gekozen ruimtes',
  network: 'Heel het netwerk',
  space: 'Ruimte',
  week: 'Week',
  monday: 'Maandag',
  visits: 'Bezoeken',
  members: 'Leden',
  visitors: 'Bezoekers',
  newVisitors: 'Nieuwe bezoekers',
  returningVisitors: 'Terugkerende bezoekers',
  month: 'Maand',
  total: 'Totaal',
  from: 'Van',
  to: 'Naar',
  visitorsFrom: (c) => `Bezoekers (${c})`,
  weekday: 'Dag',
  hour: 'Uur',
  weekdays: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  closedVisits: 'Afgesloten bezoeken',
  averageMinutes: 'Gemiddelde duur (minuten)',
  event: 'Evenement',
  date: 'Datum',
  attendees: 'Deelnemers',
  firstTime: 'Eerste bezoeken',
  crossBorder: 'Grensoverschrijdend',
  sheets: {
    weeks: 'Bezoeken per week',
    people: 'Unieke personen',
    newReturning: 'Nieuw en terugkerend',
    crossMonths: 'Grensoverschr. per maand',
    crossFlows: 'Grensoverschr. stromen',
    hours: 'Drukke uren',
    stay: 'Gemiddelde duur',
    events: 'Evenementen',
    network: 'Totalen netwerk',
  },
  noData: 'Geen gegevens voor deze periode.',
};

const en: IndicatorTexts = {
  reportTitle: 'Network indicators',
  period: (from, last) => `From ${from} to ${last} inclusive`,
  spacesLine: (names) => `Spaces: ${names}`,
  intro:
    "Use of the cross-border network's spaces: visits, people, cross-border visits and event attendance.",
  allSpaces: 'All chosen spaces',
  network: 'Whole network',
  space: 'Space',
  week: 'Week',
  monday: 'Monday',
  visits: 'Visits',
  members: 'Members',
  visitors: 'Visitors',
  newVisitors: 'New visitors',
  returningVisitors: 'Returning visitors',
  month: 'Month',
  total: 'Total',
  from: 'From',
  to: 'To',
  visitorsFrom: (c) => `Visitors (${c})`,
  weekday: 'Day',
  hour: 'Hour',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  closedVisits: 'Closed visits',
  averageMinutes: 'Average stay (minutes)',
  event: 'Event',
  date: 'Date',
  attendees: 'Attendees',
  firstTime: 'First-time visitors',
  crossBorder: 'Cross-border',
  sheets: {
    weeks: 'Visits per week',
    people: 'Unique people',
    newReturning: 'New and returning',
    crossMonths: 'Cross-border per month',
    crossFlows: 'Cross-border flows',
    hours: 'Busiest hours',
    stay: 'Average stay',
    events: 'Events',
    network: 'Network totals',
  },
  noData: 'No data for this period.',
};

/** The texts of `lang`. */
export const INDICATOR_TEXTS: Readonly<Record<Lang, IndicatorTexts>> = { fr, nl, en };
