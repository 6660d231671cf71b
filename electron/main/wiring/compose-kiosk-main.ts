import type { KioskConfigState } from '#shared/config/kiosk-config';
import { contract, type EventDef, type PayloadOf } from '#shared/ipc/contract';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { loadKioskConfig } from '../config/config-loader';
import { HostPinService } from '../host/host-pin';
import type { SyncService } from '../hub-client/sync-service';
import { registerKioskHandlers } from '../ipc/kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck, sendEvent } from '../ipc/registrar';
import { PowerSaveService } from '../power';
import { PrintService } from '../print/print-service';
import type { CardReaderDeps } from '../readers/reader-factory';
import { ReaderService } from '../readers/reader-service';
import type { ReaderLearnerDeps } from '../setup/reader-learner';
import type { SetupHidHooks } from '../setup/setup-wiring';
import { createSetupService } from '../setup/setup-wiring';
import { createKioskSync, type KioskSync } from '../sync/kiosk-sync';
import type { UpdateServiceOptions } from '../updates/update-service';
import { createKioskUpdates, type KioskUpdates } from './kiosk-updates';
import type { MainPorts } from './main-ports';

/**
 * The one composition of the main process (docs/decisions/0008): the config, the IPC
 * registrar and the handler of every contract entry, the host PIN, the readers, the hub link and
 * its schedule, silent printing and the display blocker, wired to Electron through MainPorts
 * only. `index.ts` passes Electron's objects; the end-to-end harness passes the page's IPC double
 * and typed fakes, so the wiring that ships is the wiring the end-to-end tests run.
 */

/** Seams for tests and benchmarks; the product passes none. */
export interface KioskMainOptions {
  /** A config already loaded (a harness's demo variants); else kiosk.json is loaded. */
  readonly config?: KioskConfigState;
  /** The host-PIN lockout's clock; Date.now by default. */
  readonly clock?: () => number;
  /** How often connectivity is polled to sync on reconnect; 15 s by default. */
  readonly syncPollMs?: number;
  /**
   * The setup's "tap any card": ports besides those the OS lists (a pty), each port opened, and
   * each HID reader opened (recorded reports are sent then).
   */
  readonly setupReaders?: Pick<ReaderLearnerDeps, 'extraPaths' | 'onOpened'> & SetupHidHooks;
  /** The periodic heartbeat's period (decision 0029); 5 minutes by default. */
  readonly heartbeatMs?: number;
  /** The readers' OS services (serial port list, HID devices…); the real ones by default. */
  readonly readerDeps?: CardReaderDeps;
  /**
   * Wraps the sync service the handlers answer from (the sync benchmark times each call); the
   * wrapper must pass arguments and results through unchanged.
   */
  readonly decorateSync?: (service: SyncService, sync: KioskSync) => SyncService;
  /** The update service's timers (decision 0040); Node's by default. */
  readonly updateTimers?: UpdateServiceOptions['timers'];
}

/** Main's services, wired; see composeKioskMain. */
export interface KioskMain {
  readonly config: KioskConfigState;
  readonly readers: ReaderService;
  readonly sync: KioskSync;
  /** The kiosk's updates (decision 0040); `service` is null unless packaged with a hub. */
  readonly updates: KioskUpdates;
  /** A visitor touched the window (index.ts calls it on the contents' `input-event`). */
  noteInteraction(): void;
  /**
   * Keeps the display awake, opens the kiosk window, opens the readers and arms the sync
   * schedule. Resolves once every reader has settled its first attempt; never rejects (readers
   * fail soft). Call once.
   */
  start(): Promise<void>;
  /**
   * Closes the readers, stops the schedule, lets the display sleep and removes the IPC handlers.
   * Never rejects; a second call does nothing.
   */
  stop(): Promise<void>;
}

/**
 * Builds main's services from the kiosk config and registers the handler of every invoke entry
 * of the contract; events (card reads, reader statuses, sync requests) go to the kiosk window's
 * contents while they exist and are dropped otherwise (the renderer asks for the state it
 * needs). Never rejects for any config (an invalid one gives the error screen and no readers or
 * hub); throws only when the IPC ports refuse a handler (a programming error, found at start).
 */
export async function composeKioskMain(
  ports: MainPorts,
  options: KioskMainOptions = {},
): Promise<KioskMain> {
  const { app, logger } = ports;
  const config =
    options.config ?? (await loadKioskConfig({ userDataDir: app.userDataDir, env: app.env }));
  logger.info(
    `kiosk ${app.info.version} starting; config ${config.status === 'ok' ? (config.isDemo ? 'demo' : 'ok') : 'invalid'}`,
  );
  if (config.status === 'invalid') {
    logger.error(`kiosk config invalid (${config.path}): ${config.error.code}`);
  }
  const send = <D extends EventDef<unknown>>(def: D, payload: PayloadOf<D>): void => {
    const contents = ports.window.contents();
    if (contents !== null) sendEvent(contents, def, payload);
  };

  let noteInteraction: () => void = () => undefined;
  const readers = ReaderService.fromConfig(config, {
    onCardRead: (read) => {
      noteInteraction();
      send(contract.reader.onCardRead, read);
    },
    onStatusChanged: (statuses) => {
      send(contract.reader.onStatusChanged, statuses);
    },
    log: (message) => {
      logger.info(message);
    },
    ...(options.readerDeps === undefined ? {} : { readerDeps: options.readerDeps }),
  });
  const sync = createKioskSync({
    config,
    userDataDir: app.userDataDir,
    isOnline: ports.isOnline,
    emit: (request) => {
      send(contract.sync.onRequested, request);
    },
    appVersion: app.info.version,
    readerStatuses: () => readers.statuses(),
    log: (message) => {
      logger.info(message);
    },
    ...(options.syncPollMs === undefined ? {} : { pollMs: options.syncPollMs }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(ports.secretCipher === undefined ? {} : { cipher: ports.secretCipher }),
  });
  const updates = createKioskUpdates({
    config,
    isPackaged: app.info.isPackaged,
    platform: app.info.platform,
    updater: ports.autoUpdater,
    sync,
    log: logger,
    clock: options.clock ?? Date.now,
    ...(options.updateTimers === undefined ? {} : { timers: options.updateTimers }),
  });
  noteInteraction = () => {
    updates.noteInteraction();
  };
  const syncService = updates.wrapSync(sync.service);
  const registrar = createIpcRegistrar({
    ipcMain: ports.ipcMain,
    isTrustedSender: kioskSenderCheck({
      appOrigin: app.appOrigin,
      getKioskContentsId: () => ports.window.contents()?.id ?? null,
    }),
    log: (message, error) => {
      logger.error(message, error);
    },
  });
  const printing = config.status === 'ok' ? config.config.printing : null;
  registerKioskHandlers(registrar, {
    appInfo: app.info,
    getConfig: () => config,
    hostPin: new HostPinService({
      getPinHash: () => (config.status === 'ok' ? config.config.hostPinHash : null),
      verifyPin,
      lockout: new PinLockout({ now: options.clock ?? Date.now }),
    }),
    leaveKiosk: () => {
      logger.info('the host left kiosk mode: quitting');
      app.quit();
    },
    setup: await createSetupService(ports, config, {
      ...(options.readerDeps?.serial === undefined ? {} : { serial: options.readerDeps.serial }),
      ...(options.readerDeps?.hid === undefined ? {} : { hid: options.readerDeps.hid }),
      ...options.setupReaders,
    }),
    readerStatuses: () => readers.statuses(),
    sync: options.decorateSync?.(syncService, sync) ?? syncService,
    print: new PrintService({
      printing,
      ...(ports.printDialog === undefined ? {} : { dialog: ports.printDialog }),
      env: app.env,
      log: (message, error) => {
        logger.error(message, error);
      },
    }),
  });
  const power = new PowerSaveService(ports.power);

  let isStopped = false;
  return {
    config,
    readers,
    sync,
    updates,
    noteInteraction: () => {
      updates.noteInteraction();
    },
    async start() {
      power.enable();
      ports.window.open();
      sync.start();
      updates.start();
      await readers.open();
    },
    async stop() {
      if (isStopped) return;
      isStopped = true;
      logger.info('kiosk stopping');
      sync.stop();
      updates.stop();
      await readers.close();
      power.disable();
      registrar.dispose();
    },
  };
}

/**
 * What main does when it cannot start: logs the error, tells whoever stands at the kiosk (a
 * silent exit would look like a blank screen) and exits with code 1. Never throws.
 */
export function reportStartFailure(
  ports: Pick<MainPorts, 'app' | 'dialog' | 'logger'>,
  error: unknown,
): void {
  try {
    ports.logger.error('the kiosk could not start', error);
    const reason = error instanceof Error ? error.message : String(error);
    ports.dialog.showError(
      'COFFEE Kiosk could not start',
      `${reason}\n\nThe details are in the kiosk log (logs/main.log in the user-data folder).`,
    );
  } catch {
    // Telling failed too; exiting still matters more than the message.
  }
  ports.app.exit(1);
}
