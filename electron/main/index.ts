import path from 'node:path';
import { autoUpdater } from 'electron-updater';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  net,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
  type BrowserWindow,
} from 'electron';
import { safeStorageCipher } from './hub-client/secret-cipher';
import { createKioskLog } from './logging/kiosk-log';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './protocol/app-protocol';
import { resolveRuntimeOptions } from './runtime-options';
import { createKioskWindow, focusKioskWindow } from './window/kiosk-window';
import { CloseGuard, EDGE_SWITCHES } from './window/edges';
import { hardenSession, hardenWebContents } from './window/lockdown';
import { createPrintDialog } from './window/print-dialog';
import { composeKioskMain, reportStartFailure } from './wiring/compose-kiosk-main';
import type { MainPorts } from './wiring/main-ports';

// Composition root: Electron's objects as the ports of the one main wiring
// (wiring/compose-kiosk-main.ts, which the end-to-end harness runs too), and the app lifecycle.
// No logic.

// All must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
for (const [name, value] of EDGE_SWITCHES) app.commandLine.appendSwitch(name, value);

const userDataDir = app.getPath('userData');
const logger = createKioskLog({ dir: path.join(userDataDir, 'logs'), appName: app.getName() });
const runtime = resolveRuntimeOptions({ isPackaged: app.isPackaged, env: process.env });
for (const refused of runtime.ignored) logger.warn(`ignored development switch: ${refused}`);

app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, runtime.appOrigin);
});

const root = app.getAppPath();
let win: BrowserWindow | null = null;
// The window refuses to close (Alt+F4, a window manager's close) unless the app itself quits.
const closeGuard = new CloseGuard();
app.on('before-quit', () => {
  closeGuard.allowLeaving();
});

const ports: MainPorts = {
  ipcMain,
  window: {
    open: () => {
      win = createKioskWindow({
        preloadPath: path.join(root, 'dist', 'preload', 'index.cjs'),
        runtime,
        closeGuard,
        relaunch: () => {
          app.relaunch();
          app.exit(0);
        },
        log: (message, error) => {
          if (error === undefined) logger.warn(message);
          else logger.error(message, error);
        },
      });
    },
    contents: () => (win === null || win.isDestroyed() ? null : win.webContents),
  },
  power: powerSaveBlocker,
  isOnline: () => net.isOnline(),
  app: {
    info: {
      version: app.getVersion(),
      isPackaged: app.isPackaged,
      platform: process.platform,
      isBrowser: false,
    },
    userDataDir,
    appOrigin: runtime.appOrigin,
    env: process.env,
    exit: (code) => {
      app.exit(code);
    },
    // before-quit lets the window's close guard go (above).
    quit: () => {
      app.quit();
    },
    // The setup finished: start again on the new kiosk.json.
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
  },
  dialog: {
    showError: (title, content) => {
      dialog.showErrorBox(title, content);
    },
  },
  printDialog: createPrintDialog(() => (win === null || win.isDestroyed() ? null : win)),
  logger,
  autoUpdater,
  // The hub credential sealed with the OS key store (decision 0043); Linux's basic_text refused.
  secretCipher: safeStorageCipher(safeStorage, process.platform),
};

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(root, 'dist', 'renderer')));

  const main = await composeKioskMain(ports);
  // A touch (or click) in the kiosk window: the update service waits for the kiosk to be idle.
  app.on('browser-window-created', (_event, created) => {
    created.webContents.on('input-event', (_e, input) => {
      if (input.type === 'touchStart' || input.type === 'mouseDown') main.noteInteraction();
    });
  });
  app.on('second-instance', () => {
    focusKioskWindow(win);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  let isStopped = false;
  app.on('will-quit', (event) => {
    if (isStopped) return;
    event.preventDefault();
    void main.stop().finally(() => {
      isStopped = true;
      app.quit();
    });
  });
  // Readers fail soft (start never rejects for a device), so the kiosk starts whatever the
  // hardware does.
  await main.start();
}

if (app.requestSingleInstanceLock()) {
  start().catch((e: unknown) => {
    reportStartFailure(ports, e);
  });
} else {
  app.quit();
}
