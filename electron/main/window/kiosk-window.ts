// Aliased so the bundle keeps the name `BrowserWindow` for lockdown.ts's constructor parameter,
// where electronegativity reads the window options in dist/ as well as in the sources.
import { BrowserWindow as ElectronWindow } from 'electron';
import { RecoveryController, RecoveryPolicy, timerScheduler } from '../recovery';
import type { RuntimeOptions } from '../runtime-options';
import type { CloseGuard } from './edges';
import { lockEdges } from './edges';
import { newKioskWindow } from './lockdown';

/**
 * Wiring only: creates the kiosk window from lockdown.ts's options, locks its edges (edges.ts:
 * shortcuts, context menu, zoom; closing refused through `closeGuard`) and connects its crash and
 * hang events to the RecoveryController. Navigation / permission hardening is applied app-wide in
 * index.ts.
 */
export function createKioskWindow(opts: {
  preloadPath: string;
  runtime: RuntimeOptions;
  closeGuard: CloseGuard;
  relaunch: () => void;
  log: (message: string, error?: unknown) => void;
}): ElectronWindow {
  const win = newKioskWindow(ElectronWindow, opts.preloadPath, { isDev: opts.runtime.isDev });
  win.removeMenu();
  lockEdges(win.webContents, { isDev: opts.runtime.isDev, log: opts.log });
  win.on('close', opts.closeGuard.onClose);
  const load = (): void => {
    win.loadURL(opts.runtime.startUrl).catch((e: unknown) => {
      opts.log('kiosk page failed to load', e);
    });
  };
  const recovery = new RecoveryController(
    new RecoveryPolicy({ now: Date.now }),
    { reload: load, relaunch: opts.relaunch },
    timerScheduler,
  );
  win.webContents.on('render-process-gone', (_event, details) => {
    opts.log(`renderer gone: ${details.reason} → ${recovery.renderProcessGone(details.reason)}`);
  });
  win.on('unresponsive', () => {
    recovery.unresponsive();
  });
  win.on('responsive', () => {
    recovery.responsive();
  });
  win.on('closed', () => {
    recovery.dispose();
  });
  win.once('ready-to-show', () => {
    win.show();
  });
  load();
  return win;
}

/** Brings the kiosk window back to front (a second instance was started). */
export function focusKioskWindow(win: ElectronWindow | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}
