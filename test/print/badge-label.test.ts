import { beforeAll, describe, expect, it } from 'vitest';
import { buildBadgeLabel, layoutBadgeLabel, type BadgeLabelData } from '#shared/print/badge-label';
import { createPrintDocument, mm, type PrintFonts } from '#shared/print/print-document';
import { decodeQr, packagedPrintFonts, pdfPages, pdfText } from '../support/pdf-check';
import { LABEL_TEXT } from '../support/print-text';

let fonts: PrintFonts;
beforeAll(async () => {
  fonts = await packagedPrintFonts();
});

// 26 Nov 2026 23:30 UTC is already the 27th in Brussels: the label must say the space's date.
const AT = Date.UTC(2026, 10, 26, 23, 30);

function label(over: Partial<BadgeLabelData> = {}): BadgeLabelData {
  return {
    visitId: '6f1c2b1e-4d7a-4b8e-9a51-0c3f7d2e8b41',
    visitorName: 'Marie Dupont',
    company: 'Acme Logistics',
    hostName: 'Jan Peeters',
    spaceName: 'Co-nnexion',
    at: AT,
    timeZone: 'Europe/Brussels',
    lang: 'en',
    ...over,
  };
}

describe('badge label PDF', () => {
  it('is one 62 × 100 mm page with name, company, host, space and local date', async () => {
    const pdf = await buildBadgeLabel(label(), LABEL_TEXT, fonts);
    const pages = await pdfPages(pdf);
    expect(pages.count).toBe(1);
    expect(pages.width).toBeCloseTo(mm(62), 1);
    expect(pages.height).toBeCloseTo(mm(100), 1);
    const text = await pdfText(pdf);
    for (const part of [
      'Marie Dupont',
      'Acme Logistics',
      'Meeting Jan Peeters',
      'Co-nnexion',
      'VISITOR',
      '27 November 2026',
      '00:30',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('carries a QR code that decodes to the visit id at printer resolution', async () => {
    const data = label();
    const pdf = await buildBadgeLabel(data, LABEL_TEXT, fonts);
    expect(await decodeQr(pdf)).toBe(data.visitId);
  });

  it('prints names in any European script and dates in the kiosk language', async () => {
    const names = ['Łukasz Żółkiewski', 'Øystein Ærø', 'Ĳsbrand van der Ĳssel', 'Zoë Noël-Çelik'];
    for (const visitorName of names) {
      const pdf = await buildBadgeLabel(
        label({ visitorName, lang: 'fr', spaceName: 'Technocité' }),
        LABEL_TEXT,
        fonts,
      );
      // A longer name may wrap: compare with line breaks as spaces.
      const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
      expect(text).toContain(visitorName);
      expect(text).toContain('Technocité');
      expect(text).toContain('27 novembre 2026');
    }
  });

  it('leaves out the company and host lines when there are none', async () => {
    const pdf = await buildBadgeLabel(
      label({ company: undefined, hostName: undefined }),
      LABEL_TEXT,
      fonts,
    );
    const text = await pdfText(pdf);
    expect(text).not.toContain('Meeting');
    expect(text).toContain('Marie Dupont');
  });

  it('shrinks and wraps a very long name, keeping every line on the label and off the QR', async () => {
    const { doc, regular, bold } = await createPrintDocument(fonts, 't', AT);
    expect(doc.getPageCount()).toBe(0);
    const long = label({
      visitorName: `${'Maximiliana-Wilhelmina '.repeat(4)}Vandenbroucke-Oosterlinck`,
      company: 'Internationale Vereniging voor Grensoverschrijdende Samenwerking vzw'.repeat(2),
      hostName: 'Anne-Catherine de Kerchove de Denterghem',
    });
    const layout = layoutBadgeLabel(long, LABEL_TEXT, { regular, bold });
    const margin = mm(3) - 0.01;
    const qrTop = layout.qr.y + layout.qr.size + (4 * layout.qr.size) / layout.qr.modules;
    const nameLines = layout.lines.filter((l) => l.isBold && l.size < 22 && l.size >= 8);
    expect(nameLines.length).toBeGreaterThan(1);
    for (const line of layout.lines) {
      expect(line.x).toBeGreaterThanOrEqual(margin);
      expect(line.x + line.width).toBeLessThanOrEqual(layout.width - margin);
      expect(line.y + line.size).toBeLessThanOrEqual(layout.height - margin);
      if (line.y > layout.qr.y) expect(line.y - 0.25 * line.size).toBeGreaterThan(qrTop);
    }
    const pdf = await buildBadgeLabel(long, LABEL_TEXT, fonts);
    expect(await decodeQr(pdf)).toBe(long.visitId);
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('Maximiliana-Wilhelmina');
  });

  it('cuts an absurdly long unbroken name with an ellipsis rather than overflow', async () => {
    const { regular, bold } = await createPrintDocument(fonts, 't', AT);
    const layout = layoutBadgeLabel(label({ visitorName: 'W'.repeat(400) }), LABEL_TEXT, {
      regular,
      bold,
    });
    const name = layout.lines.filter((l) => l.text.includes('W'));
    expect(name.length).toBeLessThanOrEqual(3);
    expect(name.at(-1)?.text.endsWith('…')).toBe(true);
    for (const line of name) expect(line.x + line.width).toBeLessThanOrEqual(layout.width);
  });

  it('rejects fonts that are not fonts', async () => {
    const bad = { regular: new Uint8Array([1, 2, 3]), bold: fonts.bold };
    await expect(buildBadgeLabel(label(), LABEL_TEXT, bad)).rejects.toThrow();
  });
});
