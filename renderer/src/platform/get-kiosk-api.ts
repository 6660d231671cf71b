import type { KioskApi } from '#shared/ipc/contract';
import { createBrowserKioskApi } from './browser-kiosk-api';

/**
 * The kiosk API for this page: the shell's `window.kiosk` when the preload exposed it, otherwise
 * the browser stand-in (demo config, no hardware readers). Never throws.
 */
export function getKioskApi(win: Window): KioskApi {
  return win.kiosk ?? createBrowserKioskApi({ search: win.location.search, now: () => Date.now() });
}
