import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import type { PrintFonts } from '#shared/print/print-document';

/**
 * Reading printouts back the way a person or a scanner would, with real tools: poppler's
 * `pdftotext` for the words, `pdftoppm` to rasterise a page as a printer would (300 dpi) and jsQR
 * to decode its QR code. Used by the node tests of the PDF builders and by the e2e print spec.
 * Each call works in its own temporary folder, removed afterwards; rejects when a tool fails.
 */

const run = promisify(execFile);

async function withPdf<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page, as `pdftotext` extracts it (UTF-8, reading order). */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdf(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout;
  });
}

/** Page count and the size of page 1 in points, as pdf-lib reads the file. */
export async function pdfPages(
  pdf: Uint8Array,
): Promise<{ count: number; width: number; height: number }> {
  const doc = await PDFDocument.load(pdf);
  const first = doc.getPage(0).getSize();
  return { count: doc.getPageCount(), ...first };
}

/** The QR code on `page` (1-based) rasterised at `dpi`, decoded; null when none is found. */
export function decodeQr(pdf: Uint8Array, page = 1, dpi = 300): Promise<string | null> {
  return withPdf(pdf, async (file, dir) => {
    const prefix = join(dir, 'page');
    const p = String(page);
    await run('pdftoppm', ['-r', String(dpi), '-png', '-f', p, '-l', p, file, prefix]);
    const png = (await readdir(dir)).find((f) => f.endsWith('.png'));
    if (png === undefined) throw new Error('pdftoppm wrote no image');
    const image = PNG.sync.read(await readFile(join(dir, png)));
    const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    return code?.data ?? null;
  });
}

/** DejaVu Sans regular and bold from the dejavu-fonts-ttf package, as the renderer bundles them. */
export async function packagedPrintFonts(): Promise<PrintFonts> {
  const dir = join('node_modules', 'dejavu-fonts-ttf', 'ttf');
  const [regular, bold] = await Promise.all([
    readFile(join(dir, 'DejaVuSans.ttf')),
    readFile(join(dir, 'DejaVuSans-Bold.ttf')),
  ]);
  return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
}
