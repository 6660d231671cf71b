import { join } from 'node:path';
import type { KioskConfigState } from '#shared/config/kiosk-config';
import { kioskConfigLocation } from '../config/config-loader';
import { fileCredentialStore } from '../hub-client/credential-store';
import type { HidReaderDeps } from '../readers/hid-card-reader';
import type { SerialReaderDeps } from '../readers/serial-card-reader';
import { CREDENTIAL_FILE } from '../sync/kiosk-sync';
import type { MainPorts } from '../wiring/main-ports';
import type { ReaderLearnerDeps } from './reader-learner';
import type { HidLearnerDeps } from './hid-learner';
import { isFirstRun, SetupService } from './setup-service';

/** Told each HID interface the setup opens for a tap (the e2e suite sends recorded reports). */
export interface SetupHidHooks {
  readonly onHidOpened?: HidLearnerDeps['onOpened'];
}

/**
 * Builds the setup service from main's ports: the config location main loads from, the credential
 * file kiosk-sync reads (`<userData>/hub-credential.json`, 0600, sealed with the secret cipher
 * where there is one: decision 0043), the readers' serial and HID services,
 * and the restart (app.relaunch, else a normal quit the supervisor restarts).
 */
export async function createSetupService(
  ports: Pick<MainPorts, 'app' | 'logger' | 'secretCipher'>,
  config: KioskConfigState,
  readers: { serial?: Partial<SerialReaderDeps>; hid?: Partial<HidReaderDeps> } & Pick<
    ReaderLearnerDeps,
    'extraPaths' | 'onOpened'
  > &
    SetupHidHooks = {},
): Promise<SetupService> {
  const { app, logger } = ports;
  return new SetupService({
    location: kioskConfigLocation(app.userDataDir, app.env),
    isFirstRun: await isFirstRun({
      userDataDir: app.userDataDir,
      env: app.env,
      isPackaged: app.info.isPackaged,
    }),
    credentials: fileCredentialStore(join(app.userDataDir, CREDENTIAL_FILE), {
      ...(ports.secretCipher === undefined ? {} : { cipher: ports.secretCipher }),
      log: (message) => {
        logger.info(message);
      },
    }),
    current: config.status === 'ok' && !config.isDemo ? config.config : null,
    restart: () => {
      if (app.relaunch) app.relaunch();
      else app.quit();
    },
    readers: {
      ...(readers.serial?.list === undefined ? {} : { list: readers.serial.list }),
      ...(readers.serial?.openPort === undefined ? {} : { openPort: readers.serial.openPort }),
      ...(readers.extraPaths === undefined ? {} : { extraPaths: readers.extraPaths }),
      ...(readers.onOpened === undefined ? {} : { onOpened: readers.onOpened }),
    },
    hidReaders: {
      ...(readers.hid?.devices === undefined ? {} : { devices: readers.hid.devices }),
      ...(readers.hid?.open === undefined ? {} : { open: readers.hid.open }),
      ...(readers.onHidOpened === undefined ? {} : { onOpened: readers.onHidOpened }),
      log: (message) => {
        logger.info(message);
      },
    },
    log: (message) => {
      logger.info(message);
    },
  });
}
