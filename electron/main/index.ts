import path from 'node:path';
import {
  app,
  ipcMain,
  Menu,
  net,
  powerSaveBlocker,
  protocol,
  session,
  type BrowserWindow,
} from 'electron';
import { contract } from '#shared/ipc/contract';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { loadKioskConfig } from './config/config-loader';
import { HostPinService } from './host/host-pin';
import { registerKioskHandlers } from './ipc/kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck, sendEvent } from './ipc/registrar';
import { PowerSaveService } from './power';
import { PrintService } from './print/print-service';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './protocol/app-protocol';
import { ReaderService } from './readers/reader-service';
import { resolveRuntimeOptions } from './runtime-options';
import { createKioskSync } from './sync/kiosk-sync';
import { createKioskWindow, focusKioskWindow } from './window/kiosk-window';
import { hardenSession, hardenWebContents } from './window/lockdown';

// Composition root (STYLE.md): builds the services, wires them to Electron, registers IPC. No logic.

const log = (message: string, error?: unknown): void => {
  console.error(`[kiosk] ${message}`, ...(error === undefined ? [] : [error]));
};

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

const runtime = resolveRuntimeOptions({ isPackaged: app.isPackaged, env: process.env });
for (const refused of runtime.ignored) log(`ignored development switch: ${refused}`);

app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, runtime.appOrigin);
});

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);
  hardenSession(session.defaultSession);
  const root = app.getAppPath();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(root, 'dist', 'renderer')));

  const config = await loadKioskConfig({ userDataDir: app.getPath('userData'), env: process.env });
  if (config.status === 'invalid')
    log(`kiosk config invalid (${config.path}): ${config.error.code}`);

  let win: BrowserWindow | null = null;
  // Reads and statuses go to the kiosk window when it is up; before that, or during a crash
  // reload, they are dropped: the renderer fetches reader:get-status when it needs the list.
  const kioskContents = () => (win === null || win.isDestroyed() ? null : win.webContents);
  const readers = ReaderService.fromConfig(config, {
    onCardRead: (read) => {
      const contents = kioskContents();
      if (contents !== null) sendEvent(contents, contract.reader.onCardRead, read);
    },
    onStatusChanged: (statuses) => {
      const contents = kioskContents();
      if (contents !== null) sendEvent(contents, contract.reader.onStatusChanged, statuses);
    },
    log,
  });
  const sync = createKioskSync({
    config,
    userDataDir: app.getPath('userData'),
    isOnline: () => net.isOnline(),
    emit: (request) => {
      const contents = kioskContents();
      if (contents !== null) sendEvent(contents, contract.sync.onRequested, request);
    },
  });
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender: kioskSenderCheck({
      appOrigin: runtime.appOrigin,
      getKioskContentsId: () => (win === null || win.isDestroyed() ? null : win.webContents.id),
    }),
    log,
  });
  registerKioskHandlers(registrar, {
    appInfo: {
      version: app.getVersion(),
      isPackaged: app.isPackaged,
      platform: process.platform,
      isBrowser: false,
    },
    getConfig: () => config,
    hostPin: new HostPinService({
      getPinHash: () => (config.status === 'ok' ? config.config.hostPinHash : null),
      verifyPin,
      lockout: new PinLockout({ now: Date.now }),
    }),
    readerStatuses: () => readers.statuses(),
    sync: sync.service,
    print: new PrintService({
      printing: config.status === 'ok' ? config.config.printing : null,
      log,
    }),
  });

  new PowerSaveService(powerSaveBlocker).enable();

  win = createKioskWindow({
    preloadPath: path.join(root, 'dist', 'preload', 'index.cjs'),
    runtime,
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
    log,
  });
  app.on('second-instance', () => {
    focusKioskWindow(win);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  // Readers fail soft (open never rejects), so the kiosk starts whatever the hardware does.
  void readers.open();
  sync.start();
  let isReadersClosed = false;
  app.on('will-quit', (event) => {
    if (isReadersClosed) return;
    event.preventDefault();
    void readers.close().finally(() => {
      isReadersClosed = true;
      app.quit();
    });
  });
}

if (app.requestSingleInstanceLock()) {
  start().catch((e: unknown) => {
    log('start failed', e);
    app.exit(1);
  });
} else {
  app.quit();
}
