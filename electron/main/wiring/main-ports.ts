import type { AppUpdater } from 'electron-updater';
import type { AppInfo } from '#shared/ipc/contract';
import type { EventSink, IpcMainLike } from '../ipc/registrar';
import type { SecretCipher } from '../hub-client/secret-cipher';
import type { KioskLogger } from '../logging/kiosk-log';
import type { PrintDialog } from '../print/print-service';
import type { PowerSaveBlockerLike } from '../power';

/**
 * What the main wiring (compose-kiosk-main.ts) needs of Electron, as small interfaces: the only
 * seam between the wiring that ships and its callers. `index.ts` fills them with Electron's
 * objects; the end-to-end harness (e2e/support/kiosk-main.ts) with the page's IPC double and the
 * typed fakes of `testing/fake-ports.ts`. Nothing here imports `electron`.
 */

/** The kiosk window's web contents as main talks to them; Electron's WebContents satisfies it. */
export interface KioskContents extends EventSink {
  /** Compared with each invoke's sender (the registrar trusts this window only). */
  readonly id: number;
}

/** The kiosk window. */
export interface WindowPort {
  /** Creates and loads the kiosk window (once, at start). */
  open(): void;
  /** Its contents; null before open(), after the window closed, or while they are destroyed. */
  contents(): KioskContents | null;
}

/** The app as Electron describes it, and its way out. */
export interface AppPort {
  readonly info: AppInfo;
  /** Electron's `userData` folder: kiosk.json, the hub credential, `logs/`. */
  readonly userDataDir: string;
  /** The origin the kiosk page is served from (`app://kiosk`, or the dev server). */
  readonly appOrigin: string;
  /** The environment: KIOSK_CONFIG for the config location, PATH and CUPS_SERVER for `lp`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ends the process at once with `code` (a start that failed). */
  exit(code: number): void;
  /**
   * Quits normally (exit code 0): the host left kiosk mode. The window's close guard lets this
   * close go, and the supervisor (systemd `Restart=on-failure`, Shell Launcher) does not restart.
   */
  quit(): void;
  /**
   * Restarts main on a new kiosk.json (the setup finished): Electron's app.relaunch() then exit(0).
   * Absent: the setup's finish quits instead and the supervisor starts the kiosk again.
   */
  relaunch?(): void;
}

/** A blocking message to whoever stands at the kiosk; Electron's dialog.showErrorBox. */
export interface DialogPort {
  showError(title: string, content: string): void;
}

/** Everything the main wiring takes from Electron. */
export interface MainPorts {
  /** Where the registrar registers the contract's handlers; Electron's ipcMain. */
  readonly ipcMain: IpcMainLike;
  readonly window: WindowPort;
  /** Keeps the display awake; Electron's powerSaveBlocker. */
  readonly power: PowerSaveBlockerLike;
  /** Connectivity as the OS sees it (Electron's net.isOnline), polled to sync on reconnect. */
  readonly isOnline: () => boolean;
  readonly app: AppPort;
  readonly dialog: DialogPort;
  /**
   * The system print dialog for a document without a configured queue (Electron's
   * `webContents.print` with `silent: false`); absent = such a job answers `no-printer`.
   */
  readonly printDialog?: PrintDialog;
  readonly logger: KioskLogger;
  /**
   * electron-updater's `autoUpdater` (decision 0040); a packaged kiosk with a hub updates itself
   * through it. Absent (the end-to-end harness): no updates.
   */
  readonly autoUpdater?: AppUpdater;
  /**
   * Encrypts the hub credential at rest (decision 0043): Electron's safeStorage, refused where the
   * platform has no real key store. Absent: the credential stays a plain 0600 file.
   */
  readonly secretCipher?: SecretCipher;
}
