import type { Lang } from '#shared/domain/types';
import { counted } from '../admin/plural';
import type { HealthReason, KioskState } from './health';

/**
 * Kiosk states and their reasons in words: message keys with fr / nl / en texts for the console
 * (ICU placeholders, as svelte-i18n reads them; French *vous*, Dutch *u*; no raw code on screen)
 * and plain English sentences for `kiosk list`. The values a key needs come from `reasonValues`.
 */

/** The console's message key of a state. */
export const stateKey = (state: KioskState): string => `fleet.state.${state}`;

/** The console's message key of a reason. */
export const reasonKey = (reason: HealthReason): string => `fleet.reason.${reason.code}`;

/** The fleet's console messages, per language (merged into the console's catalogues). */
export const FLEET_MESSAGES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  fr: {
    'fleet.state.ok': 'OK',
    'fleet.state.attention': 'À vérifier',
    'fleet.state.down': 'Hors ligne',
    'fleet.state.revoked': 'Révoquée',
    'fleet.state.never-seen': 'Jamais vue',
    'fleet.reason.revoked': 'Accès révoqué le {at, date, short} à {at, time, short}',
    'fleet.reason.never-seen': "Inscrite, mais n'a encore donné aucun signe de vie",
    'fleet.reason.silent':
      "Aucun signe de vie depuis le {since, date, short} à {since, time, short}, pendant les heures d'ouverture",
    'fleet.reason.backlog':
      '{entries, plural, one {# changement attend} other {# changements attendent}} depuis le {oldestAt, date, short}',
    'fleet.reason.clock-offset': "L'horloge a {seconds} s d'écart avec celle du hub",
    'fleet.reason.reader-disconnected': 'Le lecteur {reader} est déconnecté',
    'fleet.reason.version-behind': 'Version {version}, alors que la plus récente est {newest}',
  },
  nl: {
    'fleet.state.ok': 'OK',
    'fleet.state.attention': 'Nakijken',
    'fleet.state.down': 'Offline',
    'fleet.state.revoked': 'Ingetrokken',
    'fleet.state.never-seen': 'Nooit gezien',
    'fleet.reason.revoked': 'Toegang ingetrokken op {at, date, short} om {at, time, short}',
    'fleet.reason.never-seen': 'Ingeschreven, maar nog geen teken van leven gegeven',
    'fleet.reason.silent':
      'Geen teken van leven sinds {since, date, short} om {since, time, short}, tijdens de openingsuren',
    'fleet.reason.backlog':
      '{entries, plural, one {# wijziging wacht} other {# wijzigingen wachten}} sinds {oldestAt, date, short}',
    'fleet.reason.clock-offset': 'De klok wijkt {seconds} s af van die van de hub',
    'fleet.reason.reader-disconnected': 'Lezer {reader} is losgekoppeld',
    'fleet.reason.version-behind': 'Versie {version}, terwijl de nieuwste {newest} is',
  },
  en: {
    'fleet.state.ok': 'OK',
    'fleet.state.attention': 'Needs attention',
    'fleet.state.down': 'Down',
    'fleet.state.revoked': 'Revoked',
    'fleet.state.never-seen': 'Never seen',
    'fleet.reason.revoked': 'Access revoked on {at, date, short} at {at, time, short}',
    'fleet.reason.never-seen': 'Enrolled, but not heard from yet',
    'fleet.reason.silent':
      'Not heard from since {since, date, short} at {since, time, short}, during opening hours',
    'fleet.reason.backlog':
      '{entries, plural, one {# change has} other {# changes have}} been waiting since {oldestAt, date, short}',
    'fleet.reason.clock-offset': 'Its clock is {seconds} s off the hub’s',
    'fleet.reason.reader-disconnected': 'Reader {reader} is disconnected',
    'fleet.reason.version-behind': 'Version {version}, while the newest is {newest}',
  },
};

/** The values `reasonKey(reason)`'s message needs (instants as epoch ms, for ICU dates). */
export function reasonValues(reason: HealthReason): Record<string, string | number> {
  switch (reason.code) {
    case 'revoked':
      return { at: reason.at };
    case 'never-seen':
      return {};
    case 'silent':
      return { since: reason.since };
    case 'backlog':
      return { entries: reason.entries, oldestAt: reason.oldestAt };
    case 'clock-offset':
      return { seconds: Math.round(reason.offsetMs / 1000) };
    case 'reader-disconnected':
      return { reader: reason.reader };
    case 'version-behind':
      return { version: reason.version, newest: reason.newest };
  }
}

const iso = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/** A reason as a plain English sentence for the CLI (times in UTC, to the minute). */
export function reasonInEnglish(reason: HealthReason): string {
  switch (reason.code) {
    case 'revoked':
      return `revoked ${iso(reason.at)} UTC`;
    case 'never-seen':
      return 'enrolled, not heard from yet';
    case 'silent':
      return `silent since ${iso(reason.since)} UTC, 30 minutes or more of opening hours`;
    case 'backlog':
      return `${counted(reason.entries, 'change')} waiting since ${iso(reason.oldestAt)} UTC`;
    case 'clock-offset':
      return `clock ${Math.round(reason.offsetMs / 1000)} s off the hub's`;
    case 'reader-disconnected':
      return `reader ${reason.reader} disconnected`;
    case 'version-behind':
      return `version ${reason.version}, newest ${reason.newest}`;
  }
}
