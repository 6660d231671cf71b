import type { AppUpdater } from 'electron-updater';
import type { CredentialStore } from '../hub-client/credential-store';
import type { UpdaterPort } from './update-service';

export interface ElectronUpdaterPortOptions {
  /** electron-updater's `autoUpdater` (index.ts passes it; this file imports only its type). */
  readonly updater: AppUpdater;
  /** The hub of kiosk.json (`hub.url`). */
  readonly hubUrl: string;
  /** The release channel (default `stable`). */
  readonly channel?: string;
  /** The kiosk's credential (hub-client/credential-store.ts), read before each check. */
  readonly credentials: CredentialStore;
}

/**
 * The UpdaterPort over electron-updater (decision 0040): the generic provider at
 * `<hub>/v1/updates/<channel>`, the kiosk's bearer credential in `requestHeaders`, a download
 * started by each check that finds a newer version (its sha512 checked by electron-updater),
 * never installed on quit: update-service.ts decides when `install` runs. A kiosk without a
 * credential yet (not enrolled) skips the check.
 */
export function electronUpdaterPort(options: ElectronUpdaterPortOptions): UpdaterPort {
  const { updater, credentials } = options;
  const base = options.hubUrl.replace(/\/+$/, '');
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = true; // a pinned space goes back to its version
  updater.setFeedURL({
    provider: 'generic',
    url: `${base}/v1/updates/${options.channel ?? 'stable'}`,
  });
  return {
    async check() {
      const credential = await credentials.load();
      if (credential === null) return;
      updater.requestHeaders = { authorization: `Bearer ${credential.token}` };
      const result = await updater.checkForUpdates();
      await result?.downloadPromise;
    },
    install() {
      updater.quitAndInstall(true, true);
    },
    onDownloaded(listener) {
      updater.on('update-downloaded', (info) => {
        listener(info.version);
      });
    },
  };
}
