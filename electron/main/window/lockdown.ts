import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The kiosk's lockdown as plain configuration and decisions. Nothing here imports Electron values,
 * so every rule is unit-tested; kiosk-window.ts only hands real Electron objects to these functions.
 */

/** Dark backdrop shown before the first paint, so a restart never flashes white at the reception. */
export const KIOSK_BACKGROUND = '#1c1917';

/** The BrowserWindow constructor, injected so the options below are tested without Electron. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the kiosk window: full screen, kiosk mode, no menu bar, shown once its first frame is
 * ready; its renderer sandboxed and isolated, without Node, devtools only in development.
 * The options are written literally at the `new BrowserWindow` call on purpose: that is where a
 * reviewer, and electronegativity's checks, look for them. Throws only what the constructor throws.
 */
export function newKioskWindow<W>(
  BrowserWindow: WindowConstructor<W>,
  preloadPath: string,
  opts: { isDev: boolean },
): W {
  return new BrowserWindow({
    show: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: KIOSK_BACKGROUND,
    title: 'COFFEE Kiosk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click would try to open a new window; the handler denies it, this stops the event.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: opts.isDev,
    },
  });
}

class OptionsRecorder {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

/** The options newKioskWindow passes to BrowserWindow, for tests and reviews. */
export function kioskWindowOptions(
  preloadPath: string,
  opts: { isDev: boolean },
): BrowserWindowConstructorOptions {
  return newKioskWindow(OptionsRecorder, preloadPath, opts).options;
}

/** The kiosk renderer's web preferences (from kioskWindowOptions). */
export function kioskWebPreferences(preloadPath: string, opts: { isDev: boolean }): WebPreferences {
  return kioskWindowOptions(preloadPath, opts).webPreferences ?? {};
}

/**
 * True when `url` belongs to the app origin (scheme, host and port equal, no credentials).
 * Compares parts rather than `URL.origin`, which is the opaque "null" for custom schemes such as
 * app://. Unparsable URLs are never allowed.
 */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  let target: URL;
  let origin: URL;
  try {
    target = new URL(url);
    origin = new URL(appOrigin);
  } catch {
    return false;
  }
  return (
    target.protocol === origin.protocol &&
    // Chromium lowercases hosts of standard schemes; Node's URL keeps the case of custom schemes.
    target.host.toLowerCase() === origin.host.toLowerCase() &&
    target.host !== '' &&
    target.username === '' &&
    target.password === ''
  );
}

/** The part of a navigation event the guard needs; Electron's navigation events have this shape. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** A listener for will-navigate / will-redirect / will-frame-navigate that blocks foreign URLs. */
export function navigationGuard(appOrigin: string): (event: NavigationEvent) => void {
  return (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  };
}

/** The window-open handler: the kiosk never opens a second window, whatever the URL. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** The web contents surface the hardening touches; Electron's WebContents satisfies it. */
export interface HardenableContents {
  // One overload per event, as in Electron's typings: a merged union signature would make the real
  // WebContents (whose overloads each take one event name) unassignable to this interface.
  /* eslint-disable @typescript-eslint/unified-signatures */
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/**
 * Locks one web contents down: navigation and redirects (of any frame) stay on the app origin,
 * window.open is denied, and no <webview> may attach. Applied to every web contents the app creates
 * (app 'web-contents-created'), not only to the kiosk window, so nothing slips through.
 */
export function hardenWebContents(contents: HardenableContents, appOrigin: string): void {
  const guard = navigationGuard(appOrigin);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(denyWindowOpen);
}

/** The session surface the permission lockdown touches; Electron's Session satisfies it. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  setBluetoothPairingHandler(
    handler: (details: unknown, callback: (response: { confirmed: boolean }) => void) => void,
  ): void;
}

/**
 * Denies every permission the web platform can ask for (camera, notifications, serial, HID, USB,
 * Bluetooth pairing…). The kiosk needs none: card readers are opened by main, not by the page.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setBluetoothPairingHandler((_details, callback) => {
    callback({ confirmed: false });
  });
}
