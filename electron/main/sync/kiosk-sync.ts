import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { KioskConfigState } from '#shared/config/kiosk-config';
import type { ReaderStatus, SyncRequested } from '#shared/ipc/contract';
import { fileCredentialStore, type CredentialStore } from '../hub-client/credential-store';
import { createHubClient, type HubClient } from '../hub-client/hub-client';
import type { SecretCipher } from '../hub-client/secret-cipher';
import {
  hubSyncService,
  unconfiguredSyncService,
  type SyncService,
} from '../hub-client/sync-service';
import { createLogSender } from '../logging/log-sender';
import { createHeartbeat, type KioskHeartbeat } from './heartbeat';
import { createSyncScheduler, type SchedulerTimers, type SyncScheduler } from './scheduler';

/** The credential file's name in the user-data folder. */
export const CREDENTIAL_FILE = 'hub-credential.json';

/** Node's timers as SchedulerTimers. */
export const nodeTimers: SchedulerTimers = {
  set(run, ms) {
    const id = setTimeout(run, ms);
    return () => {
      clearTimeout(id);
    };
  },
};

export interface KioskSyncOptions {
  readonly config: KioskConfigState;
  readonly userDataDir: string;
  /** Delivers sync.onRequested to the kiosk window (dropped when it is not up). */
  readonly emit: (request: SyncRequested) => void;
  /** Connectivity as the OS sees it (Electron's net.isOnline); polled for reconnects. */
  readonly isOnline: () => boolean;
  readonly pollMs?: number;
  readonly clock?: () => number;
  readonly timers?: SchedulerTimers;
  readonly timeZone?: string;
  /** For the heartbeat (decision 0029): the kiosk build, its readers, main's log. */
  readonly appVersion?: string;
  readonly readerStatuses?: () => readonly ReaderStatus[];
  readonly log?: (message: string) => void;
  /** The periodic heartbeat's period; HEARTBEAT_INTERVAL_MS (5 minutes) by default. */
  readonly heartbeatMs?: number;
  /** Main's log folder, sent when the hub asks (decision 0041); `<userData>/logs` by default. */
  readonly logDir?: string;
  /** Encrypts the credential file (decision 0043); absent: a plain 0600 file. */
  readonly cipher?: SecretCipher;
}

/** Free bytes of the volume holding `dir` (what a non-root process may still write). */
async function freeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

/** Main's sync parts, built from the config; `service` answers the sync IPC handlers. */
export interface KioskSync {
  readonly service: SyncService;
  readonly client: HubClient | null;
  /** The hub credential the client uses (the update feed sends it too); null without a hub. */
  readonly credentials: CredentialStore | null;
  readonly scheduler: SyncScheduler | null;
  readonly heartbeat: KioskHeartbeat | null;
  /** Arms the nightly timer and the connectivity poll. */
  start(): void;
  stop(): void;
}

/**
 * Builds the hub client (credential in `<userData>/hub-credential.json`), the scheduler and the
 * sync service for the composition root. A config without a hub (or an invalid one) gives the
 * unconfigured service and no timers. Never throws for a valid config.
 */
export function createKioskSync(options: KioskSyncOptions): KioskSync {
  const { config } = options;
  if (config.status !== 'ok' || config.config.hub === null) {
    return {
      service: unconfiguredSyncService(),
      client: null,
      credentials: null,
      scheduler: null,
      heartbeat: null,
      start: () => undefined,
      stop: () => undefined,
    };
  }
  const { hub, kioskId, sync } = config.config;
  const clock = options.clock ?? Date.now;
  const timers = options.timers ?? nodeTimers;
  const credentials = fileCredentialStore(join(options.userDataDir, CREDENTIAL_FILE), {
    ...(options.cipher === undefined ? {} : { cipher: options.cipher }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const client = createHubClient({
    hubUrl: hub.url,
    kioskId,
    enrolmentCode: hub.enrolmentCode,
    credentials,
    now: clock,
  });
  const scheduler = createSyncScheduler({
    kioskId,
    nightlyWindow: sync.nightlyWindow,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    clock,
    timers,
    emit: options.emit,
  });
  const logSender = createLogSender({
    dir: options.logDir ?? join(options.userDataDir, 'logs'),
    send: (files) => client.uploadLogs(files),
    log: options.log ?? (() => undefined),
  });
  const heartbeat = createHeartbeat({
    send: (body) => client.heartbeat(body),
    appVersion: options.appVersion ?? '0.0.0',
    clock,
    startedAt: clock(),
    timers,
    isOnline: options.isOnline,
    readerStatuses: options.readerStatuses ?? (() => []),
    freeDiskBytes: () => freeBytes(options.userDataDir),
    log: options.log ?? (() => undefined),
    ...(options.heartbeatMs === undefined ? {} : { intervalMs: options.heartbeatMs }),
    onLogsRequested: () => {
      void logSender.send();
    },
  });
  const pollMs = options.pollMs ?? 15_000;
  let cancelPoll: () => void = () => undefined;
  const poll = (): void => {
    scheduler.notifyOnline(options.isOnline());
    cancelPoll = timers.set(poll, pollMs);
  };
  return {
    service: hubSyncService({
      hubUrl: hub.url,
      client,
      requestNow: () => {
        scheduler.requestNow('manual');
      },
      report: (report) => {
        // Counts and a code only: what a support reader needs to follow the syncs.
        options.log?.(
          `sync run ended: outbox ${String(report.outboxSize)}, ${report.lastErrorCode ?? 'ok'}`,
        );
        void heartbeat.report(report);
      },
    }),
    client,
    credentials,
    scheduler,
    heartbeat,
    start() {
      // A plain credential file an earlier version wrote is sealed now (decision 0043).
      void credentials.load();
      scheduler.start();
      heartbeat.start();
      poll();
    },
    stop() {
      cancelPoll();
      scheduler.stop();
      heartbeat.stop();
    },
  };
}
