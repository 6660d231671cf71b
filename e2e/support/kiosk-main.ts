import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CONFIG_FILE_NAME } from '#electron/main/config/config-loader';
import type { SyncService } from '#electron/main/hub-client/sync-service';
import { FakeIpcMain } from '#electron/main/ipc/fake-ipc-main';
import type { ReaderService } from '#electron/main/readers/reader-service';
import type { PrintDialog } from '#electron/main/print/print-service';
import type { KioskSync } from '#electron/main/sync/kiosk-sync';
import {
  composeKioskMain,
  type KioskMainOptions as WiringOptions,
} from '#electron/main/wiring/compose-kiosk-main';
import {
  FakePowerSaveBlocker,
  MemoryLogger,
  RecordingDialog,
} from '#electron/main/wiring/testing/fake-ports';
import {
  parseKioskConfig,
  type KioskConfig,
  type KioskConfigState,
} from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { installKioskIpcDouble, type KioskIpcDouble } from '../kiosk-ipc-double';
import { fileLogger, keepKioskLog, teeLogger } from './kiosk-log-file';

/**
 * Electron's main process minus Electron, for end-to-end tests in a plain Chromium: the very
 * wiring `electron/main/index.ts` ships (`composeKioskMain`: config loaded from a kiosk.json in a
 * temporary user-data folder, registrar, kiosk handlers, readers, hub client with its credential
 * file, scheduler, printing), with the Electron ports filled by the one IPC double of the e2e
 * suite (e2e/kiosk-ipc-double.ts) and typed fakes for the display blocker, dialog and log.
 * `install` puts `window.kiosk` in the page: each invoke reaches the registrar (sender check and
 * schema validation included), each event main sends comes back through the double.
 */
export interface KioskMain {
  readonly config: KioskConfigState;
  /** Main's card readers (none in the demo config), opened by install(). */
  readonly readers: ReaderService;
  readonly sync: KioskSync;
  /** What the fake OS reports as connectivity; the scheduler polls it every 100 ms. */
  isOnline: boolean;
  /** Main's log lines (`level: message`), for a failing test to attach. */
  readonly logs: readonly string[];
  /** How many times main quit normally (the host left kiosk mode). */
  readonly quits: number;
  /** The page's IPC double once installed: events main sent and whether they arrived. */
  readonly double: KioskIpcDouble | null;
  /** Installs the IPC double in the page and starts main; call before the page loads the app. */
  install(page: Page): Promise<void>;
  /** Stops main; rejects when an event failed to reach the page for a reason other than it being away. */
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

/** The page's contents id, as the double's invokes carry it. */
const CONTENTS_ID = 1;

/**
 * Builds main through `composeKioskMain` from a kiosk.json it writes (the demo config with this
 * kiosk's ids, hub and a 500 ms badge hold-off); call install() before the page loads. Rejects
 * when that config does not validate.
 */
export async function createKioskMain(options: KioskMainOptions): Promise<KioskMain> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'e2e-userdata-'));
  const kioskJson: KioskConfig = {
    ...DEMO_KIOSK_CONFIG,
    kioskId: options.kioskId,
    spaceId: options.spaceId,
    hub: { url: options.hubUrl, enrolmentCode: options.enrolmentCode },
    badge: { ...DEMO_KIOSK_CONFIG.badge, holdOffMs: 500 },
    visitors: { ...DEMO_KIOSK_CONFIG.visitors, ...options.visitors },
  };
  await writeFile(join(userDataDir, CONFIG_FILE_NAME), JSON.stringify(kioskJson));
  return startKioskMain(
    userDataDir,
    options.appOrigin,
    {},
    {
      syncPollMs: 100,
      ...(options.pinClock === undefined ? {} : { clock: options.pinClock }),
      ...(options.wrapSync === undefined ? {} : { decorateSync: options.wrapSync }),
    },
  );
}

/** What a demo-mode main may change (see createDemoKioskMain). */
export interface DemoKioskMainOptions {
  /** The origin the page is served from (the sender check trusts it only). */
  readonly appOrigin: string;
  /** Changes the demo config, e.g. a serial reader on a pty or a label printer. */
  readonly configure?: (demo: KioskConfig) => KioskConfig;
  /** Added to main's environment, e.g. a PATH that finds a scripted `lp`. */
  readonly env?: Readonly<Record<string, string>>;
  /** The system print dialog's port (RecordingPrintDialog); absent = none, as in a browser. */
  readonly printDialog?: PrintDialog;
}

/**
 * Builds main through `composeKioskMain` in demo mode, as a kiosk without kiosk.json runs (the
 * page seeds the demo members): the loader's own demo config, or that config changed by
 * `configure` (validated like a kiosk.json). Rejects when the changed config does not validate.
 */
export async function createDemoKioskMain(options: DemoKioskMainOptions): Promise<KioskMain> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'e2e-userdata-'));
  let config: KioskConfigState | undefined;
  if (options.configure !== undefined) {
    const parsed = parseKioskConfig(options.configure(DEMO_KIOSK_CONFIG));
    if (!parsed.ok) {
      await rm(userDataDir, { recursive: true, force: true });
      throw new Error(`bad test config: ${JSON.stringify(parsed.error)}`);
    }
    config = { status: 'ok', config: parsed.value, isDemo: true };
  }
  return startKioskMain(
    userDataDir,
    options.appOrigin,
    options.env ?? {},
    config ? { config } : {},
    options.printDialog,
  );
}

async function startKioskMain(
  userDataDir: string,
  appOrigin: string,
  env: Readonly<Record<string, string>>,
  wiringOptions: WiringOptions,
  printDialog?: PrintDialog,
): Promise<KioskMain> {
  try {
    return await wire(userDataDir, appOrigin, env, wiringOptions, printDialog);
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

async function wire(
  userDataDir: string,
  appOrigin: string,
  env: Readonly<Record<string, string>>,
  wiringOptions: WiringOptions,
  printDialog: PrintDialog | undefined,
): Promise<KioskMain> {
  const ipcMain = new FakeIpcMain();
  const logger = new MemoryLogger();
  const dialog = new RecordingDialog();
  let double: KioskIpcDouble | null = null;
  let isOnline = true;
  let quits = 0;
  const wiring = await composeKioskMain(
    {
      ipcMain,
      // The test opens the page itself; until install() there is no window to send events to.
      window: { open: () => undefined, contents: () => double?.contents ?? null },
      power: new FakePowerSaveBlocker(),
      isOnline: () => isOnline,
      app: {
        info: { version: 'e2e', isPackaged: false, platform: 'linux', isBrowser: false },
        userDataDir,
        appOrigin,
        // The test machine's KIOSK_CONFIG must not replace the harness's kiosk.json.
        env: { ...process.env, KIOSK_CONFIG: undefined, ...env },
        exit: (code) => {
          throw new Error(
            `main exited with code ${String(code)}: ${dialog.shown.at(-1)?.content ?? ''}`,
          );
        },
        quit: () => {
          quits += 1;
        },
      },
      dialog,
      ...(printDialog === undefined ? {} : { printDialog }),
      // Main's real log too, kept after the run for the personal-data check (kiosk-log-file.ts).
      logger: teeLogger(logger, fileLogger(userDataDir)),
    },
    wiringOptions,
  );
  if (wiring.config.status !== 'ok') {
    await wiring.stop();
    throw new Error(`bad test config: ${JSON.stringify(wiring.config.error)}`);
  }
  return {
    config: wiring.config,
    readers: wiring.readers,
    sync: wiring.sync,
    get isOnline() {
      return isOnline;
    },
    set isOnline(value: boolean) {
      isOnline = value;
    },
    logs: logger.lines,
    get quits() {
      return quits;
    },
    get double() {
      return double;
    },
    async install(page) {
      double = await installKioskIpcDouble(page, ipcMain, CONTENTS_ID);
      await wiring.start();
    },
    async dispose() {
      await wiring.stop();
      await keepKioskLog(userDataDir);
      await rm(userDataDir, { recursive: true, force: true });
      const failures = double?.failures ?? [];
      if (failures.length > 0) {
        throw new Error(
          `main's events failed to reach the page: ${failures.map(String).join('; ')}`,
        );
      }
    },
  };
}
