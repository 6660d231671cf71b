import { describe, expect, it } from 'vitest';
import { choosePrintRoute } from './print-route';
import { RecordingPrintDialog } from '../wiring/testing/fake-ports';
import { PrintService, type PrintingConfig } from './print-service';

/**
 * Issue 10, point 12: without a queue, main opens the system print dialog (Electron's
 * `webContents.print({ silent: false })`, index.ts) instead of answering `no-printer`, which made
 * the page offer a PDF download — a save-as dialog inside the locked kiosk. The dialog is a port;
 * here its typed double (wiring/testing/fake-ports.ts): it answers what the person did, or rejects.
 */

const PDF = new TextEncoder().encode('%PDF-1.7\n% a tiny test file\n%%EOF\n');
const LABEL_ONLY: PrintingConfig = { labelPrinter: { name: 'Brother_QL-820NWB' } };

describe('choosePrintRoute', () => {
  it('prefers the queue of the kind, then the dialog, then nothing', () => {
    expect(choosePrintRoute('badge-label', LABEL_ONLY, true)).toEqual({
      kind: 'queue',
      queue: { name: 'Brother_QL-820NWB' },
    });
    expect(choosePrintRoute('evacuation-roster', LABEL_ONLY, true)).toEqual({ kind: 'dialog' });
    expect(choosePrintRoute('badge-label', null, true)).toEqual({ kind: 'dialog' });
    expect(choosePrintRoute('badge-label', {}, false)).toEqual({ kind: 'none' });
    expect(choosePrintRoute('evacuation-roster', null, false)).toEqual({ kind: 'none' });
  });
});

describe('PrintService without a queue', () => {
  it('opens the print dialog with the PDF and says the person printed it', async () => {
    const dialog = new RecordingPrintDialog('printed');
    const service = new PrintService({ printing: null, dialog });
    const reply = await service.print({ kind: 'badge-label', pdf: PDF });
    expect(reply).toEqual({ ok: true, value: { status: 'dialog-printed' } });
    expect(dialog.jobs).toEqual([{ kind: 'badge-label', pdf: PDF }]);
  });

  it('says when the person cancelled the dialog', async () => {
    const dialog = new RecordingPrintDialog('cancelled');
    const service = new PrintService({ printing: LABEL_ONLY, dialog });
    const reply = await service.print({ kind: 'evacuation-roster', pdf: PDF });
    expect(reply).toEqual({ ok: true, value: { status: 'dialog-cancelled' } });
    expect(dialog.jobs.map((j) => j.kind)).toEqual(['evacuation-roster']);
  });

  it('reports a dialog that failed as print-failed with its reason, and logs it', async () => {
    const logged: string[] = [];
    const service = new PrintService({
      printing: null,
      dialog: new RecordingPrintDialog(new Error('the PDF viewer could not load the file')),
      log: (message) => logged.push(message),
    });
    const reply = await service.print({ kind: 'badge-label', pdf: PDF });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'print-failed',
        details: ['the PDF viewer could not load the file'],
      },
    });
    expect(logged).toEqual(['the print dialog for the badge-label failed']);
  });

  it('leaves a kind with a queue to the queue: the dialog is not opened', async () => {
    const dialog = new RecordingPrintDialog('printed');
    const service = new PrintService({
      printing: LABEL_ONLY,
      dialog,
      lpCommand: '/nonexistent/lp',
    });
    const reply = await service.print({ kind: 'badge-label', pdf: PDF });
    expect(reply.ok).toBe(false);
    expect(dialog.jobs).toEqual([]);
  });
});
