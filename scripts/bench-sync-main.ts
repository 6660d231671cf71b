import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FakeIpcMain } from '../electron/main/ipc/fake-ipc-main';
import { registerKioskHandlers } from '../electron/main/ipc/kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck } from '../electron/main/ipc/registrar';
import { HostPinService } from '../electron/main/host/host-pin';
import { readerStatuses } from '../electron/main/readers/reader-status';
import type { SyncService } from '../electron/main/hub-client/sync-service';
import { createKioskSync } from '../electron/main/sync/kiosk-sync';
import { parseKioskConfig, type KioskConfigState } from '../shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '../shared/demo/demo-data';
import { contract } from '../shared/ipc/contract';
import { verifyPin } from '../shared/security/pin-hash';
import { PinLockout } from '../shared/security/pin-lockout';
import { installKioskIpcDouble, type KioskIpcDouble } from '../e2e/kiosk-ipc-double';

/** One hub call as main's sync handlers served it (Date.now() times, comparable with the page's). */
export interface TimedCall {
  readonly kind: 'push' | 'pull';
  readonly startedAt: number;
  readonly endedAt: number;
  /** Mutations sent (push) or changes received (pull). */
  readonly records: number;
  /** Request body bytes the hub client put on the wire (after gzip). */
  readonly bytes: number;
}

/**
 * Main for the sync benchmark: e2e/support/kiosk-main.ts's wiring (the real registrar, handlers,
 * hub client and scheduler behind the one IPC double), with main's sync service wrapped to time
 * each push and pull and count its wire bytes from the hub client's own counters. The wrapper
 * changes no argument or result.
 */
export interface BenchMain {
  readonly calls: readonly TimedCall[];
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
  const userDataDir = await mkdtemp(join(tmpdir(), 'bench-sync-userdata-'));
  const parsed = parseKioskConfig({
    ...DEMO_KIOSK_CONFIG,
    kioskId: options.kioskId,
    spaceId: options.spaceId,
    hub: { url: options.hubUrl, enrolmentCode: options.enrolmentCode },
  });
  if (!parsed.ok) throw new Error(`bad bench config: ${JSON.stringify(parsed.error)}`);
  const config: KioskConfigState = { status: 'ok', config: parsed.value, isDemo: false };
  let double: KioskIpcDouble | null = null;
  const calls: TimedCall[] = [];
  const ipcMain = new FakeIpcMain();
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender: kioskSenderCheck({
      appOrigin: options.appOrigin,
      getKioskContentsId: () => 1,
    }),
  });
  const kioskSync = createKioskSync({
    config,
    userDataDir,
    emit: (request) => {
      void double?.emit(contract.sync.onRequested, request).catch(() => false);
    },
    isOnline: () => true,
  });
  const { client, scheduler } = kioskSync;
  if (client === null || scheduler === null) throw new Error('bench config has no hub');
  const inner = kioskSync.service;
  const timed: SyncService = {
    getState: () => inner.getState(),
    requestNow: () => inner.requestNow(),
    async push(input) {
      const startedAt = Date.now();
      const bytesBefore = client.stats().bytesSent;
      const reply = await inner.push(input);
      const bytes = client.stats().bytesSent - bytesBefore;
      calls.push({
        kind: 'push',
        startedAt,
        endedAt: Date.now(),
        records: input.batch.length,
        bytes,
      });
      return reply;
    },
    async pull(input) {
      const startedAt = Date.now();
      const bytesBefore = client.stats().bytesSent;
      const reply = await inner.pull(input);
      const bytes = client.stats().bytesSent - bytesBefore;
      const records = reply.ok ? reply.value.changes.length : 0;
      calls.push({ kind: 'pull', startedAt, endedAt: Date.now(), records, bytes });
      return reply;
    },
  };
  registerKioskHandlers(registrar, {
    appInfo: { version: 'bench', isPackaged: false, platform: 'linux', isBrowser: false },
    getConfig: () => config,
    hostPin: new HostPinService({
      getPinHash: () => parsed.value.hostPinHash,
      verifyPin,
      lockout: new PinLockout({ now: Date.now }),
    }),
    readerStatuses: () => readerStatuses(config),
    sync: timed,
  });
  return {
    calls,
    requestSync: () => {
      scheduler.requestNow('manual');
    },
    async install(page) {
      // The IPC double is typed against @playwright/test's Page, which is playwright-core's.
      double = await installKioskIpcDouble(page, ipcMain, 1);
      kioskSync.start();
    },
    async dispose() {
      kioskSync.stop();
      registrar.dispose();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
