import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { PrintPdfRequest } from '#shared/print/print-job';
import type { PrintDialog } from '../print/print-service';

/**
 * The system print dialog for one PDF, the thin Electron side of the `printDialog` port (which
 * route a job takes is decided and tested in ../print/print-route.ts). The PDF goes to a private
 * temporary file, opened in a hidden, sandboxed window by Chromium's PDF viewer (Electron ≥ 32
 * prints a PDF document itself, electron/electron#43309), and `webContents.print` with
 * `silent: false` shows the dialog over the kiosk. Resolves `printed` or `cancelled`; rejects
 * with the viewer's or the printer's reason. The window and the file are removed either way.
 */
export function createPrintDialog(parent: () => BrowserWindow | null): PrintDialog {
  return {
    async print(job: PrintPdfRequest): Promise<'printed' | 'cancelled'> {
      const dir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-dialog-'));
      const owner = parent();
      const win = new BrowserWindow({
        show: false,
        ...(owner === null ? {} : { parent: owner, modal: true }),
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          // Chromium's PDF viewer is a plugin.
          plugins: true,
          devTools: false,
          // As the kiosk window (lockdown.ts): no middle-click new windows, no drop navigation.
          disableBlinkFeatures: 'Auxclick',
          navigateOnDragDrop: false,
          spellcheck: false,
          safeDialogs: true,
        },
      });
      try {
        const file = join(dir, `${job.kind}.pdf`);
        await writeFile(file, job.pdf, { mode: 0o600 });
        await win.loadURL(pathToFileURL(file).href);
        return await new Promise((resolve, reject) => {
          win.webContents.print({ silent: false, printBackground: true }, (isDone, reason) => {
            if (isDone) resolve('printed');
            else if (reason === 'cancelled' || reason === 'Print job canceled')
              resolve('cancelled');
            else reject(new Error(reason || 'the print dialog failed'));
          });
        });
      } finally {
        if (!win.isDestroyed()) win.destroy();
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}
