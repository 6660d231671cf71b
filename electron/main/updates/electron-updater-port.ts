import { basename } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import type { CredentialStore } from '../hub-client/credential-store';
import type { DownloadedUpdate } from './stage-update';
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
  /**
   * Linux: hands a downloaded .deb to the root installer (stage-update.ts, decision 0047) in
   * place of electron-updater's own dpkg through pkexec or sudo. Absent: `quitAndInstall`.
   */
  readonly stageDeb?: ((update: DownloadedUpdate) => Promise<void>) | undefined;
}

/** The `<hub>/v1/updates/<channel>` feed electron-updater reads. */
export function feedUrlOf(hubUrl: string, channel = 'stable'): string {
  return `${hubUrl.replace(/\/+$/, '')}/v1/updates/${channel}`;
}

/**
 * The UpdaterPort over electron-updater (decision 0040): the generic provider at
 * `<hub>/v1/updates/<channel>`, the kiosk's bearer credential in `requestHeaders`, a download
 * started by each check that finds a newer version (its sha512 checked by electron-updater),
 * never installed on quit: update-service.ts decides when `install` runs. A kiosk without a
 * credential yet (not enrolled) skips the check. With `stageDeb`, a downloaded .deb is staged
 * for the root installer instead (the kiosk keeps running until systemd restarts it).
 */
export function electronUpdaterPort(options: ElectronUpdaterPortOptions): UpdaterPort {
  const { updater, credentials, stageDeb } = options;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = true; // a pinned space goes back to its version
  updater.setFeedURL({ provider: 'generic', url: feedUrlOf(options.hubUrl, options.channel) });
  let deb: DownloadedUpdate | undefined;
  updater.on('update-downloaded', (info) => {
    const url = info.files[0]?.url ?? info.downloadedFile;
    deb =
      stageDeb !== undefined && info.downloadedFile.endsWith('.deb')
        ? { version: info.version, downloadedFile: info.downloadedFile, fileName: basename(url) }
        : undefined;
  });
  return {
    async check() {
      const credential = await credentials.load();
      if (credential === null) return;
      updater.requestHeaders = { authorization: `Bearer ${credential.token}` };
      const result = await updater.checkForUpdates();
      await result?.downloadPromise;
    },
    async install() {
      if (deb !== undefined && stageDeb !== undefined) {
        await stageDeb(deb);
        return;
      }
      updater.quitAndInstall(true, true);
    },
    onDownloaded(listener) {
      updater.on('update-downloaded', (info) => {
        listener(info.version);
      });
    },
  };
}
