import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang } from '#shared/domain/types';
import type { KioskApi } from '#shared/ipc/contract';
import type { KioskDb } from '../lib/db/kiosk-db';
import type { VisitorDesk } from '../lib/visitors/visitor-desk';
import type { Timers } from '../platform/timers';
import type { CreateAgenda } from './agenda-slot.svelte';
import type { BadgeHandler } from './read-router.svelte';
import type { VisitorDataState } from './visitor-data-state.svelte';

/** Why the kiosk cannot run, for the installer: the file, the error and every bad field. */
export interface StartProblem {
  code: string;
  path: string;
  message: string;
  details: string[];
}

/** Everything KioskState uses from outside, injected so tests can run it on real parts. */
export interface KioskStateDeps {
  api: KioskApi;
  db: KioskDb;
  clock: () => number;
  timers: Timers;
  /** Builds the badge flow once the config is known, with what it decides from loaded. */
  createBadge: (config: KioskConfig) => Promise<BadgeHandler>;
  /** Seeds the demo data set; called only when main reports the demo config. */
  seedDemo: (db: KioskDb) => Promise<unknown>;
  /** Shows a language on the page (i18n locale, `<html lang>`); must apply before the next paint. */
  applyLang: (lang: Lang) => void;
  /** Language of the screens shown before a config is known (loading, config error). */
  initialLang: Lang;
  /** Builds the walk-in desk once the config is known; without it host mode has no walk-ins. */
  createVisitorDesk?: (config: KioskConfig) => VisitorDesk;
  /** Builds a visitor-data screen (GDPR export and erasure); without it host mode has none. */
  createVisitorData?: (config: KioskConfig) => VisitorDataState;
  /**
   * Builds the agenda for the kiosk's zone (may load its code lazily): its window of stored
   * events, read and followed from then on, and a maker of the screen's state; without it home
   * offers no agenda. Rejects when that code cannot load.
   */
  createAgenda?: CreateAgenda;
  /** Reloads the page (into the setup, once main accepted the PIN to run it again). */
  reload?: () => void;
}
