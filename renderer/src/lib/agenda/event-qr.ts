import { qrRuns } from '#shared/print/qr-modules';

/** A QR code as one SVG path over a `size` × `size` grid of modules (quiet zone not included). */
export interface QrSvg {
  readonly size: number;
  /** The dark modules: one `M x y h w v 1 h -w z` rectangle per run of a row. */
  readonly path: string;
}

/**
 * The QR code of `text` (error correction M), drawn by the kiosk itself as an SVG path: no image
 * is fetched or built from a remote service, so it works offline under the renderer's CSP.
 * Null when `text` cannot be encoded (too long).
 */
export function qrSvg(text: string): QrSvg | null {
  let qr: ReturnType<typeof qrRuns>;
  try {
    qr = qrRuns(text);
  } catch {
    return null;
  }
  const path = qr.runs
    .map((r) => `M${String(r.col)} ${String(r.row)}h${String(r.length)}v1h-${String(r.length)}z`)
    .join('');
  return { size: qr.size, path };
}
