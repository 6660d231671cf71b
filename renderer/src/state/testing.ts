import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { AgendaEvent, CardRead, Lang, Member } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { BadgeIndex, BadgeService, presenceHorizon } from '../lib/badge';
import type { KioskDb } from '../lib/db/kiosk-db';
import { SpaceEvents } from '../lib/event-check-in/space-events';
import { seedDemoData } from '../lib/db/seed';
import { freshDb } from '../lib/db/test-factories';
import { createVisitorDataDeps } from '../lib/gdpr/visitor-data-deps';
import { VisitorDesk } from '../lib/visitors/visitor-desk';
import { createBrowserKioskApi } from '../platform/browser-kiosk-api';
import { ManualTimers } from '../platform/manual-timers';
import { KioskState, type BadgeHandler } from './kiosk-state.svelte';
import { VisitorDataState } from './visitor-data-state.svelte';
import { AgendaState } from './agenda-state.svelte';
import { AgendaWindow } from './agenda-window.svelte';
import type { WalkInState } from './walk-in-state.svelte';

/** A Tuesday morning in Mons, when the demo space is open. */
export const KIOSK_START = Date.UTC(2025, 2, 4, 8, 30);

/** How a test kiosk is built; every part is real unless a test wraps the badge flow. */
export interface KioskOptions {
  /** The browser stand-in's query string (config overrides), e.g. `?screenMs=5000`. */
  search?: string;
  /** Build the walk-in desk (default true). */
  withDesk?: boolean;
  /** Offer the visitor-data screen (default true). */
  withVisitorData?: boolean;
  /** Wraps the real badge flow, e.g. to make its commit fail after the decision. */
  wrapBadge?: (real: BadgeHandler) => BadgeHandler;
}

/** A KioskState on real parts, with what a test inspects or drives. */
export interface KioskHarness {
  kiosk: KioskState;
  db: KioskDb;
  timers: ManualTimers;
  /** Every language applied to the page, in order. */
  applied: Lang[];
}

const built: { kiosk: KioskState; db: KioskDb }[] = [];

/**
 * A KioskState wired as main.ts wires it: a fresh IndexedDB, the real badge flow, walk-in desk
 * and visitor-data screen, the browser kiosk API and hand-driven timers (one clock for all).
 * Call releaseKiosks() after each test.
 */
export function makeKiosk(options: KioskOptions = {}): KioskHarness {
  const timers = new ManualTimers(KIOSK_START);
  const clock = timers.clock;
  const db = freshDb('kiosk-state');
  const hlc = new HybridLogicalClock(DEMO_KIOSK_CONFIG.kioskId, clock);
  const applied: Lang[] = [];
  const wrap = options.wrapBadge ?? ((real: BadgeHandler) => real);
  let index: BadgeIndex | null = null;
  let events: SpaceEvents | null = null;
  const indexFor = (config: KioskConfig): BadgeIndex =>
    (index ??= new BadgeIndex({
      db,
      spaceId: config.spaceId,
      since: presenceHorizon(config, clock()),
    }));
  const eventsFor = (config: KioskConfig): SpaceEvents =>
    (events ??= new SpaceEvents({
      db,
      spaceId: config.spaceId,
      beforeMs: config.agenda.checkInBeforeMin * 60_000,
    }));
  const kiosk = new KioskState({
    api: createBrowserKioskApi({ search: options.search ?? '', now: clock }),
    db,
    clock,
    timers,
    initialLang: 'en',
    applyLang: (lang) => applied.push(lang),
    seedDemo: seedDemoData,
    createAgenda: (config, timeZone) => {
      const window = new AgendaWindow({ db, clock, timers, timeZone });
      void window.start();
      return Promise.resolve({
        window,
        screen: () => new AgendaState({ window, clock, spaceId: config.spaceId, rowsPerPage: 6 }),
      });
    },
    createBadge: async (config) => {
      await Promise.all([indexFor(config).load(), eventsFor(config).load()]);
      return wrap(
        new BadgeService({
          db,
          config,
          clock,
          hlc,
          index: indexFor(config),
          events: eventsFor(config),
        }),
      );
    },
    ...(options.withDesk === false
      ? {}
      : {
          createVisitorDesk: (config) =>
            new VisitorDesk({
              db,
              config,
              clock,
              hlc,
              cards: indexFor(config),
              events: eventsFor(config),
            }),
        }),
    ...(options.withVisitorData === false
      ? {}
      : {
          createVisitorData: (config) =>
            new VisitorDataState(
              createVisitorDataDeps({
                db,
                config,
                clock,
                hlc,
                save: () => undefined,
                requestSync: () => Promise.resolve(),
              }),
            ),
        }),
  });
  built.push({ kiosk, db });
  return { kiosk, db, timers, applied };
}

/** Disposes every kiosk made since the last call and closes its database. */
export function releaseKiosks(): void {
  for (const { kiosk, db } of built.splice(0)) {
    kiosk.dispose();
    db.close();
  }
}

/** Starts the kiosk and enters host mode with the demo PIN; throws when it does not open. */
export async function toHost(kiosk: KioskState): Promise<void> {
  if (kiosk.screen === 'loading') await kiosk.start();
  kiosk.openHostPin();
  kiosk.pinPad.setPin('1234');
  await kiosk.submitPin();
  if (kiosk.screen !== 'host') throw new Error(`host mode did not open: ${kiosk.screen}`);
}

/** A wedge read of `cardId` at `at`. */
export function wedgeRead(cardId: string, at = 0): CardRead {
  return { cardId, format: 'wedge-dec10', source: 'wedge', at };
}

/** The first demo member matching `pred`, with a wedge read of their card's decimal form. */
export function demoCard(pred: (member: Member) => boolean): { member: Member; read: CardRead } {
  const member = DEMO_MEMBERS.find(pred);
  const demo = DEMO_CARDS.find((c) => c.memberName === member?.displayName);
  if (!member || !demo) throw new Error('no such demo member');
  return { member, read: wedgeRead(demo.dec10) };
}

/** Fills a walk-in form validly: Marie Dupont, with an email, consent given. */
export function fillWalkIn(w: WalkInState): void {
  w.firstName = 'Marie';
  w.lastName = 'Dupont';
  w.email = 'marie.dupont@example.com';
  w.consent = true;
}

/**
 * An agenda event at the demo kiosk's space, confirmed, from 10 minutes after KIOSK_START for two
 * hours (on now at the start, within the default 30 minutes before), titled in fr and en.
 */
export function spaceEvent(id: string, over: Partial<AgendaEvent> = {}): AgendaEvent {
  return {
    id,
    spaceId: DEMO_KIOSK_CONFIG.spaceId,
    uid: `${id}@test`,
    startsAt: KIOSK_START + 10 * 60_000,
    endsAt: KIOSK_START + 130 * 60_000,
    allDay: false,
    title: { fr: `Atelier ${id}`, en: `Workshop ${id}` },
    status: 'confirmed',
    updatedAt: 0,
    ...over,
  };
}

/** A started demo kiosk whose agenda holds exactly `events` (stored as a pull stores them). */
export async function kioskWithEvents(
  events: AgendaEvent[],
  options: KioskOptions = {},
): Promise<KioskHarness> {
  const harness = makeKiosk(options);
  await harness.kiosk.start();
  await harness.db.transaction('rw', harness.db.events, async () => {
    await harness.db.events.clear();
    await harness.db.events.bulkPut(events);
  });
  return harness;
}
