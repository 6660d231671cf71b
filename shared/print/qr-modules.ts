import QRCode from 'qrcode';

/** One run of dark modules in a row of a QR code. */
export interface QrRun {
  readonly row: number;
  readonly col: number;
  readonly length: number;
}

/**
 * The QR code of `text` (error correction M) as its size in modules and its runs of dark modules,
 * row by row (row 0 at the top): what a drawing needs, as one rectangle per run. Throws when
 * `text` cannot be encoded (too long).
 */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const runs: QrRun[] = [];
  for (let row = 0; row < n; row += 1) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col += 1;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size: n, runs };
}
