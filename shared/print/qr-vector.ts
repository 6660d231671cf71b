import type { PDFPage } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { qrRuns } from './qr-modules';

/**
 * A QR code drawn as vector squares on a pdf-lib page, from the modules of `QRCode.create`: crisp
 * at any printer resolution, no raster image embedded. Each row's runs of dark modules are one
 * rectangle, which keeps the content stream small. The caller leaves the quiet zone (4 modules)
 * blank around `size`; `QRCode.create` throws when the text cannot be encoded (too long).
 */
export interface QrPlacement {
  /** Lower-left corner of the symbol (without quiet zone), in points. */
  x: number;
  y: number;
  /** Side of the symbol in points. */
  size: number;
}

/** Modules per side of the QR code of `text` (error correction M), for layout. */
export function qrModuleCount(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
}

/** Draws the QR code of `text` at `at`. Throws if `text` cannot be encoded. */
export function drawQrCode(page: PDFPage, text: string, at: QrPlacement): void {
  const { size, runs } = qrRuns(text);
  const cell = at.size / size;
  const black = rgb(0, 0, 0);
  for (const run of runs) {
    page.drawRectangle({
      x: at.x + run.col * cell,
      // PDF's y axis points up; row 0 is the top of the symbol.
      y: at.y + at.size - (run.row + 1) * cell,
      width: run.length * cell,
      height: cell,
      color: black,
    });
  }
}
