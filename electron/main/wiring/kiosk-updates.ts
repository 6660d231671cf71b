import type { AppUpdater } from 'electron-updater';
import type { KioskConfigState } from '#shared/config/kiosk-config';
import { systemTimeZone } from '#shared/time/zoned';
import type { SyncService } from '../hub-client/sync-service';
import type { KioskLogger } from '../logging/kiosk-log';
import type { KioskSync } from '../sync/kiosk-sync';
import { electronUpdaterPort, feedUrlOf } from '../updates/electron-updater-port';
import { stageDeb } from '../updates/stage-update';
import { quietHoursFromPull } from '../updates/space-hours';
import {
  createUpdateService,
  type UpdateService,
  type UpdateServiceOptions,
} from '../updates/update-service';

/** Main's update service and what feeds it (decision 0040); built by composeKioskMain. */
export interface KioskUpdates {
  /** The service, or null when this kiosk does not update itself (see createKioskUpdates). */
  readonly service: UpdateService | null;
  /** Wraps the sync service the handlers answer from: runs and pull pages reach the updates. */
  wrapSync(service: SyncService): SyncService;
  /** A visitor touched the screen or tapped a card. */
  noteInteraction(): void;
  start(): void;
  stop(): void;
}

export interface KioskUpdatesOptions {
  readonly config: KioskConfigState;
  readonly isPackaged: boolean;
  /** electron-updater's `autoUpdater` (MainPorts.autoUpdater); absent: no updates. */
  readonly updater: AppUpdater | undefined;
  readonly sync: KioskSync;
  readonly log: KioskLogger;
  readonly clock: () => number;
  readonly timers?: UpdateServiceOptions['timers'];
  readonly tickMs?: number;
  /** Linux stages a downloaded .deb for the root installer (decision 0047); default: this one. */
  readonly platform?: string;
  /** The update spool (stage-update.ts's UPDATE_SPOOL_DIR unless a test gives another). */
  readonly spoolDir?: string;
}

const NO_UPDATES: KioskUpdates = {
  service: null,
  wrapSync: (service) => service,
  noteInteraction: () => undefined,
  start: () => undefined,
  stop: () => undefined,
};

/**
 * The update service of a packaged kiosk with a valid config, a hub and electron-updater
 * (`autoUpdater`): electron-updater-port.ts over the hub's feed with the credential the sync
 * uses. Anything else (a development run, no hub, an invalid config) gets no service and no
 * timer. On Linux a downloaded .deb goes to the root installer's spool (stage-update.ts), not
 * through electron-updater's dpkg. A sync run is under way from its first push or pull until the renderer's report
 * (`sync:report-status`); every pull page that carries the kiosk's space sets the quiet hours.
 */
export function createKioskUpdates(options: KioskUpdatesOptions): KioskUpdates {
  const { config, sync, updater, clock } = options;
  if (
    config.status !== 'ok' ||
    config.config.hub === null ||
    !options.isPackaged ||
    updater === undefined ||
    sync.credentials === null
  ) {
    return NO_UPDATES;
  }
  const { hub, spaceId } = config.config;
  const fallbackWindow = config.config.sync.nightlyWindow;
  const credentials = sync.credentials;
  const stage =
    (options.platform ?? process.platform) === 'linux'
      ? (update: Parameters<typeof stageDeb>[1]) =>
          stageDeb(
            {
              feedUrl: feedUrlOf(hub.url),
              credentials,
              currentVersion: updater.currentVersion.version,
              ...(options.spoolDir === undefined ? {} : { spoolDir: options.spoolDir }),
            },
            update,
          )
      : undefined;
  const service = createUpdateService({
    updater: electronUpdaterPort({ updater, hubUrl: hub.url, credentials, stageDeb: stage }),
    log: options.log,
    clock,
    quiet: { hours: undefined, zone: systemTimeZone(), fallbackWindow },
    ...(options.timers === undefined ? {} : { timers: options.timers }),
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
  });
  return {
    service,
    wrapSync: (inner) => ({
      ...inner,
      push: (input) => {
        service.setSyncing(true);
        return inner.push(input);
      },
      pull: async (input) => {
        service.setSyncing(true);
        const result = await inner.pull(input);
        if (result.ok) {
          const quiet = quietHoursFromPull(result.value, spaceId, fallbackWindow);
          if (quiet !== undefined) service.setQuietHours(quiet);
        }
        return result;
      },
      report: (report) => {
        service.setSyncing(false);
        return inner.report(report);
      },
    }),
    noteInteraction: () => {
      service.noteInteraction(clock());
    },
    start: () => {
      service.start();
    },
    stop: () => {
      service.stop();
    },
  };
}
