import { createRequire } from 'node:module';
import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Lang } from '#shared/domain/types';
import { indicatorCharts } from './charts';
import type { IndicatorReport } from './report';
import { lastDayOf, reportTables, type IndicatorTable } from './tables';
import { INDICATOR_TEXTS } from './texts';

/**
 * The period's report for the network's funders, as a PDF: title, period and spaces, the
 * network's totals, then each indicator's chart (Apache ECharts rendered server-side to SVG,
 * drawn as vectors by svg-to-pdfkit) above its figures. DejaVu Sans is embedded (subset) for
 * every text, charts included, so accents and every Latin letter print.
 */

const require = createRequire(import.meta.url);
const FONT = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};
const PAGE = { margin: 48, width: 595.28 - 96 };
const CHART_HEIGHT = 240;
/** Rows printed under a chart; the CSV and XLSX carry them all. */
const MAX_ROWS = 14;

/** `option` as an SVG document (ECharts server-side rendering: no DOM). */
function chartSvg(option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: PAGE.width,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function table(doc: PDFKit.PDFDocument, t: IndicatorTable, more: (n: number) => string): void {
  const width = PAGE.width / t.columns.length;
  const line = (cells: readonly (string | number)[], bold: boolean) => {
    if (doc.y > doc.page.height - PAGE.margin - 14) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'bold' : 'regular').fontSize(8);
    cells.forEach((c, i) => {
      doc.text(String(c), PAGE.margin + i * width, y, {
        width: width - 4,
        lineBreak: false,
        ellipsis: true,
      });
    });
    doc.x = PAGE.margin;
    doc.y = y + 11;
  };
  line(t.columns, true);
  for (const row of t.rows.slice(0, MAX_ROWS)) line(row, false);
  if (t.rows.length > MAX_ROWS) {
    doc
      .font('regular')
      .fontSize(8)
      .text(more(t.rows.length - MAX_ROWS), PAGE.margin, doc.y);
  }
  doc.moveDown();
}

const MORE: Readonly<Record<Lang, (n: number) => string>> = {
  fr: (n) => `… et ${n} lignes de plus (export CSV ou XLSX).`,
  nl: (n) => `… en nog ${n} regels (CSV- of XLSX-export).`,
  en: (n) => `… and ${n} more rows (CSV or XLSX export).`,
};

/** The PDF report of `report` in `lang`. Rejects if a chart or the document cannot be made. */
export function reportPdf(report: IndicatorReport, lang: Lang): Promise<Buffer> {
  const t = INDICATOR_TEXTS[lang];
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: `${t.reportTitle} ${report.from}`, Creator: 'COFFEE Kiosk hub' },
    lang,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => {
      chunks.push(c);
    });
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  doc.font('bold').fontSize(20).text(t.reportTitle);
  doc
    .font('regular')
    .fontSize(11)
    .text(t.period(report.from, lastDayOf(report.to)));
  doc.text(t.spacesLine(report.spaces.map((s) => s.name).join(', ')));
  doc.moveDown().fontSize(10).text(t.intro).moveDown();
  const tables = new Map(reportTables(report, lang).map((x) => [x.id, x]));
  const network = tables.get('network');
  if (network) {
    doc.font('bold').fontSize(13).text(network.title).moveDown(0.3);
    table(doc, network, MORE[lang]);
  }
  for (const chart of indicatorCharts(report, lang)) {
    if (doc.y + CHART_HEIGHT + 60 > doc.page.height - PAGE.margin) doc.addPage();
    doc.font('bold').fontSize(13).text(chart.title, PAGE.margin, doc.y).moveDown(0.3);
    SVGtoPDF(doc, chartSvg(chart.option), PAGE.margin, doc.y, {
      width: PAGE.width,
      height: CHART_HEIGHT,
      fontCallback: (_family, bold) => (bold ? 'bold' : 'regular'),
    });
    doc.y += CHART_HEIGHT + 8;
    const data = tables.get(chart.id);
    if (data) table(doc, data, MORE[lang]);
  }
  const fresh = tables.get('newReturning');
  if (fresh) {
    if (doc.y + 60 > doc.page.height - PAGE.margin) doc.addPage();
    doc.font('bold').fontSize(13).text(fresh.title, PAGE.margin, doc.y).moveDown(0.3);
    table(doc, fresh, MORE[lang]);
  }
  doc.end();
  return done;
}
