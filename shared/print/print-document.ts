import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';

/**
 * The PDF document every printout starts from: pdf-lib with fontkit, DejaVu Sans regular and bold
 * embedded as subsets (only the glyphs used), so any European name (é, ł, Ø, ĳ…) prints and the
 * file stays small. The font bytes come from the caller (a Vite asset in the renderer, the
 * package's files in Node). Rejects when the bytes are not a font pdf-lib can read.
 */

/** The TrueType bytes of the two faces printouts use. */
export interface PrintFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface PrintDocument {
  doc: PDFDocument;
  regular: PDFFont;
  bold: PDFFont;
}

/** A new PDF with the fonts embedded and `title` in its metadata. */
export async function createPrintDocument(
  fonts: PrintFonts,
  title: string,
  at: number,
): Promise<PrintDocument> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(fonts.regular, { subset: true }),
    doc.embedFont(fonts.bold, { subset: true }),
  ]);
  doc.setTitle(title);
  doc.setCreator('COFFEE Kiosk');
  doc.setProducer('COFFEE Kiosk (pdf-lib)');
  doc.setCreationDate(new Date(at));
  doc.setModificationDate(new Date(at));
  return { doc, regular, bold };
}

/** Millimetres to PDF points (1/72 inch). */
export function mm(value: number): number {
  return (value * 72) / 25.4;
}
