import type { KioskApi } from '#shared/ipc/contract';
import type { PrintKind } from '#shared/print/print-job';

/** Where one print request stands, for its button and message. */
export type PrintStatus =
  | 'idle'
  | 'working'
  | 'printed'
  | 'dialog-printed'
  | 'dialog-cancelled'
  | 'no-printer'
  | 'failed'
  | 'build-failed';

/** How a page offers a PDF: object URLs (the browser's by default; tests may count them). */
export interface PdfUrls {
  create(pdf: Uint8Array): string;
  revoke(url: string): void;
}

const browserPdfUrls: PdfUrls = {
  create: (pdf) =>
    URL.createObjectURL(new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' })),
  revoke: (url) => {
    URL.revokeObjectURL(url);
  },
};

/**
 * One "Print …" button's job: builds the PDF, asks main to print it (a configured queue, else the
 * system print dialog), and keeps the PDF as an object URL, which the page offers only where
 * nothing can print (`no-printer`: the browser preview). `status` says which: `printed` (with
 * `printer`), `dialog-printed`, `dialog-cancelled`, `no-printer`, `failed` (with main's `reason`),
 * or `build-failed` when no PDF could be made.
 * A second press while one runs is ignored. `dispose` revokes the URL (the component's unmount).
 * `run` never rejects.
 */
export class PrintJobState {
  status = $state<PrintStatus>('idle');
  printer = $state<string | null>(null);
  reason = $state<string | null>(null);
  pdfUrl = $state<string | null>(null);

  readonly #api: Pick<KioskApi, 'print'>;
  readonly #urls: PdfUrls;

  constructor(api: Pick<KioskApi, 'print'>, urls: PdfUrls = browserPdfUrls) {
    this.#api = api;
    this.#urls = urls;
  }

  async run(kind: PrintKind, build: () => Promise<Uint8Array>): Promise<void> {
    if (this.status === 'working') return;
    this.status = 'working';
    this.reason = null;
    let pdf: Uint8Array;
    try {
      pdf = await build();
    } catch (e) {
      console.error(`building the ${kind} PDF failed`, e);
      this.status = 'build-failed';
      return;
    }
    this.#offer(pdf);
    try {
      const reply = await this.#api.print.printPdf({ kind, pdf });
      if (!reply.ok) {
        this.reason = [reply.error.message, ...(reply.error.details ?? [])].join(' ');
        this.status = 'failed';
      } else if (reply.value.status === 'printed') {
        this.printer = reply.value.printer;
        this.status = 'printed';
      } else this.status = reply.value.status;
    } catch (e) {
      this.reason = e instanceof Error ? e.message : String(e);
      this.status = 'failed';
    }
  }

  dispose(): void {
    if (this.pdfUrl !== null) this.#urls.revoke(this.pdfUrl);
    this.pdfUrl = null;
  }

  #offer(pdf: Uint8Array): void {
    this.dispose();
    this.pdfUrl = this.#urls.create(pdf);
  }
}
