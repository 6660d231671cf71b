import { rgb, type PDFFont } from 'pdf-lib';
import type { Lang } from '../domain/types';
import { fitText, type FitOptions } from './fit-text';
import { createPrintDocument, mm, type PrintFonts } from './print-document';
import { formatInstant } from '../time/format';
import { drawQrCode, qrModuleCount } from './qr-vector';

/**
 * The visitor's badge label: one page of 62 × 100 mm, for a Brother QL printer's DK-22205
 * continuous 62 mm roll cut at 100 mm (the driver's media is `62x100mm`). Top to bottom: the
 * space's name, the word "visitor", the visitor's name as large as fits (shrinks, then wraps to at
 * most three lines, then is cut with an ellipsis — it never leaves the label), the company, the
 * member met, the date and time of the check-in in the space's time zone, and at the bottom a QR
 * code of the visit id (vector squares, error correction M, a 4-module quiet zone) with the id in
 * small print under it. Margins of 3 mm keep clear of the QL's unprintable edge (about 1.5 mm).
 * `buildBadgeLabel` rejects only when the fonts cannot be embedded or the id cannot be encoded.
 */

export const LABEL_WIDTH_MM = 62;
export const LABEL_HEIGHT_MM = 100;

/** What a label shows, already looked up by the caller. */
export interface BadgeLabelData {
  visitId: string;
  visitorName: string;
  company?: string;
  /** The member the visitor meets, when the form named one. */
  hostName?: string;
  spaceName: string;
  /** The check-in instant (epoch ms), printed in `timeZone`. */
  at: number;
  timeZone: string;
  lang: Lang;
}

/** The label's words in the kiosk's language (from the renderer's i18n catalogue). */
export interface BadgeLabelText {
  /** "VISITOR". */
  title: string;
  /** "Meeting {name}", given the member's name. */
  host: (name: string) => string;
}

/** One line of text placed on the label, in points from the lower-left corner. */
export interface PlacedLine {
  text: string;
  x: number;
  y: number;
  size: number;
  width: number;
  isBold: boolean;
}

export interface BadgeLabelLayout {
  width: number;
  height: number;
  lines: PlacedLine[];
  qr: { x: number; y: number; size: number; modules: number };
}

const MARGIN = mm(3);
const QR_SIZE = mm(29);
const ID_SIZE = 5.5;
const GAP = 4;
const PITCH = 1.18;

/**
 * Where everything goes on the label, measured with the caller's fonts. Pure: tests check every
 * line stays within the margins.
 */
export function layoutBadgeLabel(
  data: BadgeLabelData,
  text: BadgeLabelText,
  fonts: { regular: PDFFont; bold: PDFFont },
): BadgeLabelLayout {
  const width = mm(LABEL_WIDTH_MM);
  const height = mm(LABEL_HEIGHT_MM);
  const inner = width - 2 * MARGIN;
  const lines: PlacedLine[] = [];
  let cursor = height - MARGIN;

  const block = (
    content: string,
    font: PDFFont,
    fit: Omit<FitOptions, 'maxWidth' | 'lineHeight'>,
  ): void => {
    const isBold = font === fonts.bold;
    const fitted = fitText(font, content, { ...fit, maxWidth: inner, lineHeight: PITCH });
    for (const line of fitted.lines) {
      cursor -= fitted.size;
      const w = font.widthOfTextAtSize(line, fitted.size);
      lines.push({
        text: line,
        x: (width - w) / 2,
        y: cursor,
        size: fitted.size,
        width: w,
        isBold,
      });
      cursor -= fitted.size * (PITCH - 1);
    }
    cursor -= GAP;
  };

  block(data.spaceName, fonts.bold, { maxSize: 11, minSize: 7, maxLines: 1 });
  block(text.title, fonts.regular, { maxSize: 9, minSize: 6, maxLines: 1 });
  block(data.visitorName, fonts.bold, {
    maxSize: 22,
    minSize: 8,
    maxLines: 3,
    maxHeight: 56,
    shrinkFirstTo: 14,
  });
  if (data.company !== undefined && data.company !== '') {
    block(data.company, fonts.regular, {
      maxSize: 11,
      minSize: 7,
      maxLines: 2,
      maxHeight: 24,
      shrinkFirstTo: 9,
    });
  }
  if (data.hostName !== undefined && data.hostName !== '') {
    block(text.host(data.hostName), fonts.regular, {
      maxSize: 10,
      minSize: 7,
      maxLines: 2,
      maxHeight: 22,
      shrinkFirstTo: 8,
    });
  }
  const when = `${formatInstant(data.at, data.lang, data.timeZone, 'date')} · ${formatInstant(data.at, data.lang, data.timeZone, 'time')}`;
  block(when, fonts.regular, { maxSize: 10, minSize: 7, maxLines: 1 });

  const modules = qrModuleCount(data.visitId);
  const qrY = MARGIN + ID_SIZE + 3;
  const id = fitText(fonts.regular, data.visitId, {
    maxWidth: inner,
    maxSize: ID_SIZE,
    minSize: 4,
    maxLines: 1,
  });
  const idLine = id.lines[0] ?? '';
  const idWidth = fonts.regular.widthOfTextAtSize(idLine, id.size);
  lines.push({
    text: idLine,
    x: (width - idWidth) / 2,
    y: MARGIN,
    size: id.size,
    width: idWidth,
    isBold: false,
  });
  return { width, height, lines, qr: { x: (width - QR_SIZE) / 2, y: qrY, size: QR_SIZE, modules } };
}

/** The label as PDF bytes (see the module comment). */
export async function buildBadgeLabel(
  data: BadgeLabelData,
  text: BadgeLabelText,
  fonts: PrintFonts,
): Promise<Uint8Array> {
  const { doc, regular, bold } = await createPrintDocument(
    fonts,
    `${text.title} — ${data.visitorName}`,
    data.at,
  );
  const layout = layoutBadgeLabel(data, text, { regular, bold });
  const page = doc.addPage([layout.width, layout.height]);
  const black = rgb(0, 0, 0);
  for (const line of layout.lines) {
    page.drawText(line.text, {
      x: line.x,
      y: line.y,
      size: line.size,
      font: line.isBold ? bold : regular,
      color: black,
    });
  }
  drawQrCode(page, data.visitId, layout.qr);
  return doc.save();
}
