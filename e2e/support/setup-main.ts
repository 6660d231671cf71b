import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { AesTestCipher } from '#electron/main/hub-client/testing/aes-cipher';
import { FakeIpcMain } from '#electron/main/ipc/fake-ipc-main';
import type { HidReaderDeps } from '#electron/main/readers/hid-card-reader';
import type { ReaderLearnerDeps } from '#electron/main/setup/reader-learner';
import type { SetupHidHooks } from '#electron/main/setup/setup-wiring';
import {
  composeKioskMain,
  type KioskMain as Wiring,
} from '#electron/main/wiring/compose-kiosk-main';
import type { MainPorts } from '#electron/main/wiring/main-ports';
import {
  FakePowerSaveBlocker,
  MemoryLogger,
  RecordingDialog,
} from '#electron/main/wiring/testing/fake-ports';
import { installKioskIpcDouble, type KioskIpcDouble } from '../kiosk-ipc-double';

/**
 * A kiosk with no kiosk.json, for the setup's end-to-end tests: main's shipped wiring
 * (`composeKioskMain`) on an empty user-data folder with KIOSK_SETUP=1 (as a packaged kiosk runs
 * its first start), its ports filled as in `kiosk-main.ts`, and the credential sealed with an
 * in-memory AES key where the app uses safeStorage. Main's `relaunch` port is Electron's
 * app.relaunch here too: the wiring is stopped and composed again on the same folder and IPC, so
 * a page reload talks to the kiosk the setup made.
 */
export interface SetupMain {
  readonly userDataDir: string;
  /** The wiring running now (the second one after a relaunch). */
  readonly wiring: Wiring;
  /** How many times main asked to relaunch (the setup finished). */
  readonly relaunches: number;
  readonly logs: readonly string[];
  /** Installs the IPC double in the page and starts main; call before the page loads the app. */
  install(page: Page): Promise<void>;
  /** Does what Electron's relaunch does: main stops and starts again on the files now there. */
  relaunch(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createSetupMain(options: {
  appOrigin: string;
  readers?: Pick<ReaderLearnerDeps, 'extraPaths' | 'onOpened'> & SetupHidHooks;
  /** The HID devices main lists and opens (recorded ones: no virtual HID device exists here). */
  hid?: Partial<HidReaderDeps>;
}): Promise<SetupMain> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'e2e-setup-'));
  const ipcMain = new FakeIpcMain();
  const logger = new MemoryLogger();
  let double: KioskIpcDouble | null = null;
  let relaunches = 0;
  const ports: MainPorts = {
    ipcMain,
    window: { open: () => undefined, contents: () => double?.contents ?? null },
    power: new FakePowerSaveBlocker(),
    isOnline: () => true,
    app: {
      info: { version: 'e2e', isPackaged: false, platform: 'linux', isBrowser: false },
      userDataDir,
      appOrigin: options.appOrigin,
      env: { ...process.env, KIOSK_CONFIG: undefined, KIOSK_SETUP: '1' },
      exit: (code) => {
        throw new Error(`main exited with code ${String(code)}`);
      },
      quit: () => {
        throw new Error('main quit during setup');
      },
      relaunch: () => {
        relaunches += 1;
      },
    },
    dialog: new RecordingDialog(),
    logger,
    // Electron's safeStorage cannot run here: a real cipher whose key lives in this process, kept
    // across relaunches as the OS key store is (decision 0043).
    secretCipher: new AesTestCipher(),
  };
  const compose = () =>
    composeKioskMain(ports, {
      syncPollMs: 100,
      ...(options.readers === undefined ? {} : { setupReaders: options.readers }),
      ...(options.hid === undefined ? {} : { readerDeps: { hid: options.hid } }),
    });
  let wiring: Wiring;
  try {
    wiring = await compose();
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    userDataDir,
    get wiring() {
      return wiring;
    },
    get relaunches() {
      return relaunches;
    },
    logs: logger.lines,
    async install(page) {
      double = await installKioskIpcDouble(page, ipcMain, 1);
      await wiring.start();
    },
    async relaunch() {
      await wiring.stop();
      wiring = await compose();
      await wiring.start();
    },
    async dispose() {
      await wiring.stop();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
