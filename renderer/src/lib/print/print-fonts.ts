import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import type { PrintFonts } from '#shared/print/print-document';

/**
 * The DejaVu Sans bytes printouts embed. Vite emits the two TTF files as assets of the build
 * (dist/renderer/assets), so they load from the app's own origin (CSP `connect-src 'self'`) and
 * work offline. Fetched once on first use and kept; a failed fetch is not kept, so the next
 * print tries again. `load` rejects when a file cannot be fetched.
 */
export class PrintFontCache {
  readonly #fetch: (url: string) => Promise<Response>;
  #fonts: Promise<PrintFonts> | null = null;

  constructor(fetchFn: (url: string) => Promise<Response> = (url) => fetch(url)) {
    this.#fetch = fetchFn;
  }

  load(): Promise<PrintFonts> {
    this.#fonts ??= this.#fetchBoth().catch((e: unknown) => {
      this.#fonts = null;
      throw e;
    });
    return this.#fonts;
  }

  async #fetchBoth(): Promise<PrintFonts> {
    const [regular, bold] = await Promise.all([this.#bytes(regularUrl), this.#bytes(boldUrl)]);
    return { regular, bold };
  }

  async #bytes(url: string): Promise<Uint8Array> {
    const response = await this.#fetch(url);
    if (!response.ok) throw new Error(`font ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
