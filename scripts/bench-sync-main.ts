import type { Page } from 'playwright-core';
import type { SyncService } from '#electron/main/hub-client/sync-service';
import type { SyncStatusReport } from '#shared/ipc/contract';
import { createKioskMain } from '../e2e/support/kiosk-main';

/** One hub call as main's sync handlers served it (Date.now() times, comparable with the page's). */
export interface TimedCall {
  readonly kind: 'push' | 'pull';
  readonly startedAt: number;
  readonly endedAt: number;
  /** Mutations sent (push) or changes received (pull). */
  readonly records: number;
}

/**
 * Main for the sync benchmark: main's shipped wiring (composeKioskMain, through
 * e2e/support/kiosk-main.ts: the real registrar, handlers, hub client and scheduler behind the one
 * IPC double), with main's sync service wrapped to time each push and pull; wire bytes come from
 * the hub client's own counters. The wrapper changes no argument or result.
 */
export interface BenchMain {
  readonly calls: readonly TimedCall[];
  /**
   * What the page told main at the end of each sync run (sync:report-status, the heartbeat's
   * figures), in order: the benchmark learns a sync's end here instead of reading the page's
   * database while it syncs.
   */
  readonly reports: readonly SyncStatusReport[];
  /** Push request bytes the hub client put on the wire so far (after gzip). */
  pushBytes(): number;
  /** The host's "Sync now": the scheduler emits a 'manual' request to the page. */
  requestSync(): void;
  install(page: Page): Promise<void>;
  dispose(): Promise<void>;
}

/** Builds main's parts for one kiosk; rejects when the test config does not parse. */
export async function createBenchMain(options: {
  kioskId: string;
  spaceId: string;
  hubUrl: string;
  enrolmentCode: string;
  appOrigin: string;
}): Promise<BenchMain> {
  const calls: TimedCall[] = [];
  const reports: SyncStatusReport[] = [];
  const main = await createKioskMain({
    ...options,
    wrapSync: (inner) => timedSyncService(inner, calls, reports),
  });
  return {
    calls,
    reports,
    pushBytes: () => main.sync.client?.stats().pushBytesSent ?? 0,
    requestSync: () => {
      main.sync.scheduler?.requestNow('manual');
    },
    // The IPC double is typed against @playwright/test's Page, which is playwright-core's.
    install: (page) => main.install(page),
    dispose: () => main.dispose(),
  };
}

/** Main's sync service, each push and pull timed into `calls`, each status report kept. */
function timedSyncService(
  inner: SyncService,
  calls: TimedCall[],
  reports: SyncStatusReport[],
): SyncService {
  const timedCall = async <R>(
    kind: TimedCall['kind'],
    run: () => Promise<R>,
    recordsOf: (reply: R) => number,
  ): Promise<R> => {
    const startedAt = Date.now();
    const reply = await run();
    calls.push({ kind, startedAt, endedAt: Date.now(), records: recordsOf(reply) });
    return reply;
  };
  return {
    getState: () => inner.getState(),
    requestNow: () => inner.requestNow(),
    report: (report) => {
      reports.push(report);
      return inner.report(report);
    },
    push: (input) =>
      timedCall(
        'push',
        () => inner.push(input),
        () => input.batch.length,
      ),
    pull: (input) =>
      timedCall(
        'pull',
        () => inner.pull(input),
        (reply) => (reply.ok ? reply.value.changes.length : 0),
      ),
  };
}
