import type { SyncHubState, SyncStatusReport } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import type { PullResponse, PushResponse } from '#shared/sync/protocol';
import type { HubClient, PullInput, PushInput } from './hub-client';
import type { SyncErrorCode } from '#shared/ipc/codes';

/** What the `sync` IPC handlers answer from (electron/main/ipc/kiosk-handlers.ts). */
export interface SyncService {
  getState(): Promise<SyncHubState>;
  push(input: PushInput): Promise<Result<PushResponse>>;
  pull(input: PullInput): Promise<Result<PullResponse>>;
  /** The host's "Sync now": asks the scheduler to emit a 'manual' request. */
  requestNow(): Result<null>;
  /** The renderer's figures after a sync run: the heartbeat takes them (and sends one). */
  report(report: SyncStatusReport): Result<null>;
}

/** The service of a kiosk with a hub: delegates to the hub client and the scheduler. */
export function hubSyncService(opts: {
  hubUrl: string;
  client: HubClient;
  requestNow: () => void;
  report: (report: SyncStatusReport) => void;
}): SyncService {
  return {
    async getState() {
      return {
        isConfigured: true,
        isEnrolled: await opts.client.isEnrolled(),
        hubUrl: opts.hubUrl,
      };
    },
    push: (input) => opts.client.push(input),
    pull: (input) => opts.client.pull(input),
    requestNow() {
      opts.requestNow();
      return ok(null);
    },
    report(report) {
      opts.report(report);
      return ok(null);
    },
  };
}

const NOT_CONFIGURED = {
  code: 'hub-not-configured' satisfies SyncErrorCode,
  message: 'This kiosk has no hub in its config; it works on its own.',
} as const;

/**
 * The service of a kiosk without a hub (or with an invalid config): state says so, push and pull
 * answer `hub-not-configured`, and "Sync now" is refused the same way.
 */
export function unconfiguredSyncService(): SyncService {
  return {
    getState: () => Promise.resolve({ isConfigured: false, isEnrolled: false, hubUrl: null }),
    push: () => Promise.resolve(err(NOT_CONFIGURED)),
    pull: () => Promise.resolve(err(NOT_CONFIGURED)),
    requestNow: () => err(NOT_CONFIGURED),
    // No hub to send a heartbeat to: taken and dropped, so the renderer need not know.
    report: () => ok(null),
  };
}
