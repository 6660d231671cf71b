import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { SemVer } from 'semver';

/** The part of electron-updater's AppUpdater that electron-updater-port.ts uses. */
type UsedAppUpdater = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'requestHeaders'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'currentVersion'
>;

/**
 * electron-updater's `autoUpdater` as the port drives it (its real download and install need the
 * Electron binary, absent here): records the feed, the headers of each check and the installs;
 * `download(version)` emits `update-downloaded` as a finished, checked download does.
 */
export class FakeAppUpdater implements UsedAppUpdater {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = false;
  requestHeaders: Record<string, string> | null = null;
  feed: unknown;
  /** The running app's version (a download below it is a rollback). */
  currentVersion = new SemVer('1.0.0');
  /** The request headers of each check, in order. */
  readonly checks: (Record<string, string> | null)[] = [];
  readonly installs: { isSilent: boolean; isForceRunAfter: boolean }[] = [];
  readonly #downloaded: ((info: UpdateInfo) => void)[] = [];

  setFeedURL(options: unknown): void {
    this.feed = options;
  }

  checkForUpdates(): Promise<null> {
    this.checks.push(this.requestHeaders);
    return Promise.resolve(null);
  }

  quitAndInstall(isSilent = false, isForceRunAfter = false): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }

  /** Like AppUpdater.on, for the one event the port listens to. */
  on(event: string, listener: (info: UpdateInfo) => void): this {
    if (event === 'update-downloaded') this.#downloaded.push(listener);
    return this;
  }

  /** A finished download of `version`, written to `downloadedFile` (a .deb, an AppImage). */
  download(version: string, downloadedFile = `/cache/coffee-kiosk-${version}.AppImage`): void {
    const url = downloadedFile.slice(downloadedFile.lastIndexOf('/') + 1);
    const info = {
      version,
      files: [{ url, sha512: '', size: 0 }],
      path: url,
      releaseDate: '',
      downloadedFile,
    } as unknown as UpdateInfo;
    for (const listener of this.#downloaded) listener(info);
  }

  /** This fake where electron-updater's type is asked for (MainPorts.autoUpdater). */
  asAppUpdater(): AppUpdater {
    return this as unknown as AppUpdater;
  }
}
