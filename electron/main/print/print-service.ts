import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { PrintKind, PrintOutcome, PrintPdfRequest } from '#shared/print/print-job';
import { err, ok, type Result } from '#shared/result';
import type { PrintErrorCode } from '#shared/ipc/codes';
import { choosePrintRoute } from './print-route';

/**
 * Silent printing for the kiosk (Linux, CUPS): the renderer's PDF is written to a private temp
 * file and handed to `lp -d <queue> -o media=<media> -t <title> <file>`, which spools it and
 * returns; the file is then removed. Badge labels go to `printing.labelPrinter` (media
 * `62x100mm` unless the config names another), rosters to `printing.rosterPrinter` (`A4`).
 * Without a queue for a kind the job goes to the system print dialog (the `dialog` port: Electron's
 * `webContents.print` with `silent: false`, print-route.ts); without that either, the answer is
 * `no-printer` and the renderer offers the PDF itself.
 *
 * Failures are `print-failed` errors naming the reason (lp missing — CUPS not installed —, the
 * queue refused the job, lp timed out); the PDF is never lost, since the renderer keeps it.
 * Hazard: lp only queues the job; a printer out of labels shows in CUPS, not here.
 */

export type PrintingConfig = KioskConfig['printing'];

/**
 * The system print dialog for one PDF (Electron's `webContents.print({ silent: false })` in
 * index.ts). Resolves `printed` or `cancelled` once the person closed it; rejects with the reason
 * when the document could not be shown or printed.
 */
export interface PrintDialog {
  print(job: PrintPdfRequest): Promise<'printed' | 'cancelled'>;
}

export interface PrintServiceDeps {
  printing: PrintingConfig | null;
  /** The system print dialog, for a kind without a queue; absent = `no-printer`. */
  dialog?: PrintDialog;
  /** The `lp` binary; found on PATH by default. */
  lpCommand?: string;
  /** Environment for lp (PATH, CUPS_SERVER…); the process's own by default. */
  env?: NodeJS.ProcessEnv;
  /** Longest lp may take to accept a job. */
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

const DEFAULT_MEDIA: Record<PrintKind, string> = {
  'badge-label': '62x100mm',
  'evacuation-roster': 'A4',
};

const TITLES: Record<PrintKind, string> = {
  'badge-label': 'COFFEE Kiosk visitor badge',
  'evacuation-roster': 'COFFEE Kiosk evacuation roster',
};

/** Why lp failed: its exit (or spawn error code), whether it was killed, and what it said. */
class LpError extends Error {
  constructor(
    message: string,
    readonly code: string | number | null | undefined,
    readonly isKilled: boolean,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export class PrintService {
  readonly #deps: PrintServiceDeps;

  constructor(deps: PrintServiceDeps) {
    this.#deps = deps;
  }

  /** Prints one validated job (see the module comment). Never rejects. */
  async print(job: PrintPdfRequest): Promise<Result<PrintOutcome>> {
    const { dialog } = this.#deps;
    const route = choosePrintRoute(job.kind, this.#deps.printing, dialog !== undefined);
    if (route.kind === 'none') return ok({ status: 'no-printer' });
    if (route.kind === 'dialog')
      return dialog ? this.#viaDialog(dialog, job) : ok({ status: 'no-printer' });
    const printer = route.queue;
    let dir: string | null = null;
    try {
      dir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-print-'));
      const file = join(dir, `${job.kind}.pdf`);
      await writeFile(file, job.pdf, { mode: 0o600 });
      const args = [
        '-d',
        printer.name,
        '-o',
        `media=${printer.media ?? DEFAULT_MEDIA[job.kind]}`,
        '-t',
        TITLES[job.kind],
        file,
      ];
      await this.#lp(args);
      return ok({ status: 'printed', printer: printer.name });
    } catch (e) {
      this.#deps.log?.(`printing ${job.kind} on ${printer.name} failed`, e);
      return err({
        code: 'print-failed' satisfies PrintErrorCode,
        message: `The ${job.kind} could not be sent to printer ${printer.name}.`,
        details: [describe(e)],
      });
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async #viaDialog(dialog: PrintDialog, job: PrintPdfRequest): Promise<Result<PrintOutcome>> {
    try {
      const answer = await dialog.print(job);
      return ok({ status: answer === 'printed' ? 'dialog-printed' : 'dialog-cancelled' });
    } catch (e) {
      this.#deps.log?.(`the print dialog for the ${job.kind} failed`, e);
      return err({
        code: 'print-failed',
        message: `The ${job.kind} could not be printed through the print dialog.`,
        details: [describe(e)],
      });
    }
  }

  #lp(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(
        this.#deps.lpCommand ?? 'lp',
        args,
        { env: this.#deps.env ?? process.env, timeout: this.#deps.timeoutMs ?? 30_000 },
        (error, _stdout, stderr) => {
          if (error) {
            reject(new LpError(error.message, error.code, error.killed === true, stderr));
          } else resolve();
        },
      );
    });
  }
}

function describe(e: unknown): string {
  if (!(e instanceof LpError)) return e instanceof Error ? e.message : 'unknown error';
  if (e.code === 'ENOENT') return 'lp was not found: install CUPS (cups-client) on the kiosk.';
  if (e.isKilled) return 'lp did not answer in time.';
  const stderr = e.stderr.trim();
  return stderr === '' ? e.message : stderr.slice(0, 500);
}
