import './platform/zod-jitless';
import './styles/global.css';
import { mount } from 'svelte';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import App from './App.svelte';
import { applyLang, pickLang, setupI18n } from './i18n';
import { BadgeIndex, BadgeService, presenceHorizon } from './lib/badge';
import { systemClock } from './lib/clock';
import { createDb } from './lib/db/kiosk-db';
import { seedDemoData } from './lib/db/seed';
import { SpaceEvents } from './lib/event-check-in/space-events';
import { PersistedHlc, queuedStampSeeds } from './lib/sync/persisted-hlc';
import { reportSyncStatus } from './lib/sync/status-report';
import { SyncEngine } from './lib/sync/sync-engine';
import {
  SYNC_PANEL_CONTEXT,
  SyncPanelState,
  followSyncRequests,
} from './lib/sync/sync-panel-state.svelte';
import { getKioskApi } from './platform/get-kiosk-api';
import { browserTimers } from './platform/timers';
import { attachWedgeReader } from './platform/wedge-reader';
import { VisitorDesk } from './lib/visitors/visitor-desk';
import { PRINT_CONTEXT, type PrintDesk } from './lib/print/print-desk';
import { PrintFontCache } from './lib/print/print-fonts';
import { i18nTranslate } from './lib/print/print-text';
import { Printouts } from './lib/print/printouts';
import { KioskState } from './state/kiosk-state.svelte';
import { VisitorDataState } from './state/visitor-data-state.svelte';
import { createVisitorDataDeps } from './lib/gdpr/visitor-data-deps';
import { startRetentionPurge } from './lib/gdpr/retention-purge';
import { downloadText } from './platform/download';
import { startAgendaPruning } from './lib/agenda/agenda-prune';
import { agendaRowsFor } from './screens/agenda-layout';
import { showSetupIfNeeded } from './lib/setup/start-setup';

// Composition root: builds the parts, wires them, starts. No logic of its own.
const initialLang = pickLang(navigator.languages);
setupI18n(initialLang);

const api = getKioskApi(window);
// No kiosk.json yet (or the host ran setup again): the setup shows instead, and the rest waits.
await showSetupIfNeeded({
  api,
  target: document.getElementById('app') ?? document.body,
  initialLang,
  applyLang,
  reload: () => {
    window.location.reload();
  },
});
const db = createDb();
// One clock for every local write of this kiosk, so their stamps are strictly ordered, and
// after those of its earlier runs (seeded before the start builds it).
let hlc: HybridLogicalClock | null = null;
let hlcSeeds: string[] = [];
const hlcFor = (kioskId: string): HybridLogicalClock =>
  (hlc ??= new PersistedHlc(kioskId, systemClock, window.localStorage, hlcSeeds));
// One in-memory index of cards and presence, shared by the badge flow and the walk-in desk.
let badgeIndex: BadgeIndex | null = null;
const indexFor = (config: KioskConfig): BadgeIndex =>
  (badgeIndex ??= new BadgeIndex({
    db,
    spaceId: config.spaceId,
    since: presenceHorizon(config, systemClock()),
  }));
// This space's events in memory, shared the same way: the badge flow loads them, the walk-in
// desk offers the events on now from them.
let spaceEvents: SpaceEvents | null = null;
const eventsFor = (config: KioskConfig): SpaceEvents =>
  (spaceEvents ??= new SpaceEvents({
    db,
    spaceId: config.spaceId,
    beforeMs: config.agenda.checkInBeforeMin * 60_000,
  }));
const kiosk = new KioskState({
  api,
  db,
  clock: systemClock,
  timers: browserTimers,
  initialLang,
  applyLang,
  reload: () => {
    window.location.reload();
  },
  seedDemo: async (demoDb) => {
    await seedDemoData(demoDb);
    // Loaded here, in demo mode only: the demo agenda is made with the Temporal polyfill.
    const { seedDemoEvents } = await import('./lib/db/seed-events');
    await seedDemoEvents(demoDb, systemClock());
  },
  createAgenda: async (config, timeZone) => {
    // Loaded after home shows: the agenda's days are zoned dates (Temporal, decision 0011).
    const [{ AgendaWindow }, { AgendaState }] = await Promise.all([
      import('./state/agenda-window.svelte'),
      import('./state/agenda-state.svelte'),
    ]);
    const agendaWindow = new AgendaWindow({
      db,
      clock: systemClock,
      timers: browserTimers,
      timeZone,
    });
    void agendaWindow.start();
    return {
      window: agendaWindow,
      screen: () =>
        new AgendaState({
          window: agendaWindow,
          clock: systemClock,
          spaceId: config.spaceId,
          rowsPerPage: agendaRowsFor(window),
        }),
    };
  },
  createBadge: async (config) => {
    const index = indexFor(config);
    const events = eventsFor(config);
    await Promise.all([index.load(), events.load()]);
    return new BadgeService({
      db,
      config,
      clock: systemClock,
      hlc: hlcFor(config.kioskId),
      index,
      events,
    });
  },
  createVisitorDesk: (config) =>
    new VisitorDesk({
      db,
      config,
      clock: systemClock,
      hlc: hlcFor(config.kioskId),
      cards: indexFor(config),
      events: eventsFor(config),
    }),
  createVisitorData: (config) =>
    new VisitorDataState(
      createVisitorDataDeps({
        db,
        config,
        clock: systemClock,
        hlc: hlcFor(config.kioskId),
        save: (fileName, text) => {
          downloadText(document, fileName, text, 'application/json');
        },
        requestSync: async () => {
          await api.sync.requestNow();
        },
      }),
    ),
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
const syncEngine = new SyncEngine({
  db,
  hub: api.sync,
  clock: systemClock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
const syncPanel = new SyncPanelState({ engine: syncEngine, api, db });
const fonts = new PrintFontCache();
const printDesk: PrintDesk = {
  api,
  printouts: new Printouts({
    db,
    fonts: () => fonts.load(),
    clock: systemClock,
    translate: i18nTranslate,
    place: () =>
      kiosk.config ? { config: kiosk.config, space: kiosk.space, lang: kiosk.lang } : null,
  }),
};
mount(App, {
  target,
  props: { kiosk },
  context: new Map<symbol, unknown>([
    [SYNC_PANEL_CONTEXT, syncPanel],
    [PRINT_CONTEXT, printDesk],
  ]),
});

hlcSeeds = await queuedStampSeeds(db);
await kiosk.start();
// The wedge reader first, with no await before it: the home screen invites a tap as soon as
// it shows, and a burst typed before the reader listens would be lost.
if (kiosk.config) {
  attachWedgeReader(
    window,
    kiosk.config.readers.wedge,
    (read) => {
      void kiosk.handleRead(read);
    },
    () => {
      void kiosk.handleUnreadable();
    },
  );
}
if (kiosk.config) {
  // Loaded here, after the first paint: the job carries the Temporal polyfill (decision 0011).
  // Started without a closing time too: the hub may give the space one at any sync.
  const { ClosingJob } = await import('./lib/visitors/closing-job');
  void new ClosingJob({
    db,
    spaceId: kiosk.config.spaceId,
    closingTime: kiosk.config.visitors.closingTime,
    timeZone: () => kiosk.timeZone,
    clock: systemClock,
    timers: browserTimers,
    hlc: hlcFor(kiosk.config.kioskId),
    onClosed: () => {
      if (kiosk.screen === 'host') void kiosk.host?.refreshPresence();
    },
  }).start();
}
await syncEngine.load().catch((e: unknown) => {
  console.error('sync status unavailable', e);
});
followSyncRequests(api, syncEngine);
reportSyncStatus(api, syncEngine, db);
startAgendaPruning({ db, clock: systemClock, sync: syncEngine });
if (kiosk.config) {
  startRetentionPurge({
    db,
    spaceId: kiosk.config.spaceId,
    clock: systemClock,
    timers: browserTimers,
  });
}
