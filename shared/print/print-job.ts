import { z } from 'zod';

/**
 * A print job as it crosses from the renderer to main (`print:print-pdf`): what is printed and the
 * PDF bytes the renderer built. Validated in main: a known kind, at most MAX_PRINT_PDF_BYTES, and
 * bytes that start like a PDF; anything else is refused before it reaches a printer.
 */

/** The two documents the kiosk prints; each goes to its own configured printer. */
export const PRINT_KINDS = ['badge-label', 'evacuation-roster'] as const;
export type PrintKind = (typeof PRINT_KINDS)[number];

/** A roster of a thousand people is about 200 kB with its subsetted fonts; 8 MB is ample. */
export const MAX_PRINT_PDF_BYTES = 8 * 1024 * 1024;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when `bytes` begin with the PDF header "%PDF-". */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return PDF_MAGIC.every((b, i) => bytes[i] === b);
}

export const PrintPdfRequestSchema = z.strictObject({
  kind: z.enum(PRINT_KINDS),
  // z.custom, not z.instanceof: any Uint8Array (pdf-lib's output is typed on ArrayBufferLike).
  pdf: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { error: 'the PDF must be bytes' })
    .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_PRINT_PDF_BYTES, {
      error: `the PDF must be 1 to ${MAX_PRINT_PDF_BYTES} bytes`,
    })
    .refine(looksLikePdf, { error: 'not a PDF (no %PDF- header)' }),
});
export type PrintPdfRequest = z.infer<typeof PrintPdfRequestSchema>;

/**
 * What became of a job: sent to a configured queue (its name); handed to the system print dialog
 * because no queue is configured for this kind, where the person printed it (`dialog-printed`) or
 * cancelled (`dialog-cancelled`); or nothing can print here (`no-printer`: the browser preview,
 * where the renderer offers the PDF as a download). A failed print is an error `print-failed`.
 */
export type PrintOutcome =
  | { status: 'printed'; printer: string }
  | { status: 'dialog-printed' }
  | { status: 'dialog-cancelled' }
  | { status: 'no-printer' };
