import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FakeIpcMain } from '#electron/main/ipc/fake-ipc-main';
import { registerKioskHandlers } from '#electron/main/ipc/kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck } from '#electron/main/ipc/registrar';
import { HostPinService } from '#electron/main/host/host-pin';
import { readerStatuses } from '#electron/main/readers/reader-status';
import type { SyncService } from '#electron/main/hub-client/sync-service';
import { createKioskSync, type KioskSync } from '#electron/main/sync/kiosk-sync';
import { parseKioskConfig, type KioskConfigState } from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { contract } from '#shared/ipc/contract';
import { installKioskIpcDouble, type KioskIpcDouble } from '../kiosk-ipc-double';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';

/**
 * Electron's main process minus Electron, for end-to-end tests in a plain Chromium: the REAL
 * registrar, kiosk handlers, hub client (credential file in a temporary user-data folder) and
 * scheduler, behind a fake ipcMain. `install` puts `window.kiosk` in the page through the one IPC
 * double of the e2e suite (e2e/kiosk-ipc-double.ts): each invoke reaches the registrar (sender
 * check and schema validation included), each event comes back through the double's `emit`. That
 * double is the only one: it stands for Electron's IPC hop.
 */
export interface KioskMain {
  readonly config: KioskConfigState;
  readonly sync: KioskSync;
  /** What the fake OS reports as connectivity; the scheduler polls it every 100 ms. */
  isOnline: boolean;
  /** Installs the IPC double in the page; call before the page loads the app. */
  install(page: Page): Promise<void>;
  dispose(): Promise<void>;
}

export interface KioskMainOptions {
  readonly kioskId: string;
  readonly spaceId: string;
  readonly hubUrl: string;
  readonly enrolmentCode: string;
  /** The origin the page is served from (the sender check trusts it only). */
  readonly appOrigin: string;
  /**
   * Wraps main's sync service before the handlers get it (the sync benchmark times each call);
   * the wrapper must pass arguments and results through unchanged.
   */
  readonly wrapSync?: (service: SyncService, sync: KioskSync) => SyncService;
  /** The host-PIN lockout's clock (main's `Date.now` by default), for lock-expiry scenarios. */
  readonly pinClock?: () => number;
  /** The config's `visitors` section (e.g. a closing time); none by default. */
  readonly visitors?: { closingTime?: string };
}

/** Builds main's parts; call install() before the page loads. */
export async function createKioskMain(options: KioskMainOptions): Promise<KioskMain> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'e2e-userdata-'));
  const parsed = parseKioskConfig({
    ...DEMO_KIOSK_CONFIG,
    kioskId: options.kioskId,
    spaceId: options.spaceId,
    hub: { url: options.hubUrl, enrolmentCode: options.enrolmentCode },
    badge: { ...DEMO_KIOSK_CONFIG.badge, holdOffMs: 500 },
    visitors: options.visitors ?? {},
  });
  if (!parsed.ok) throw new Error(`bad test config: ${JSON.stringify(parsed.error)}`);
  const config: KioskConfigState = { status: 'ok', config: parsed.value, isDemo: false };
  let double: KioskIpcDouble | null = null;

  const ipcMain = new FakeIpcMain();
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender: kioskSenderCheck({
      appOrigin: options.appOrigin,
      getKioskContentsId: () => 1,
    }),
  });
  const main: KioskMain = {
    config,
    isOnline: true,
    sync: createKioskSync({
      config,
      userDataDir,
      emit: (request) => {
        // A page that is not loaded drops the event, as a destroyed webContents does.
        void double?.emit(contract.sync.onRequested, request).catch(() => false);
      },
      isOnline: () => main.isOnline,
      pollMs: 100,
    }),
    async install(page) {
      double = await installKioskIpcDouble(page, ipcMain, 1);
      main.sync.start();
    },
    async dispose() {
      main.sync.stop();
      registrar.dispose();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  registerKioskHandlers(registrar, {
    appInfo: { version: 'e2e', isPackaged: false, platform: 'linux', isBrowser: false },
    getConfig: () => config,
    hostPin: new HostPinService({
      getPinHash: () => parsed.value.hostPinHash,
      verifyPin,
      lockout: new PinLockout({ now: options.pinClock ?? Date.now }),
    }),
    readerStatuses: () => readerStatuses(config),
    sync: options.wrapSync?.(main.sync.service, main.sync) ?? main.sync.service,
  });
  return main;
}
