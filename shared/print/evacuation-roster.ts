import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Lang } from '../domain/types';
import { fitText } from './fit-text';
import { createPrintDocument, type PrintFonts } from './print-document';
import { formatInstant } from '../time/format';

/**
 * The evacuation roster: everyone in the space now, on A4 portrait pages, for the person who
 * leads an evacuation to tick off at the assembly point. Page 1 carries the title (with the
 * space's name), the date and time it was printed (space's time zone) and the head count; each
 * page repeats the column headings and a short title, and ends with "page n of N". One row per
 * person: a tick box, the name, what they are (member, visitor, guest from another space), since
 * when, and the member they meet when known. Long cells are cut with an ellipsis to their column;
 * rows never run into the footer, so hundreds of people paginate. Built from plain data (the
 * renderer reads it from its local Dexie store, so it works offline). Rejects only when the fonts
 * cannot be embedded.
 */

export type RosterKind = 'member' | 'visitor' | 'guest';

export interface RosterPerson {
  /** Null when the person's record is missing locally: printed as `text.unknown`. */
  name: string | null;
  /** Erased on request while in the building (decision 0019): printed as `text.erased`. */
  isErased?: boolean;
  kind: RosterKind;
  /** The home space of a guest. */
  guestFrom?: string;
  /** Check-in instant (epoch ms). */
  since: number;
  /** The member a visitor meets, when known. */
  hostName?: string;
}

export interface EvacuationRosterData {
  spaceName: string;
  /** When the roster is printed (epoch ms). */
  at: number;
  timeZone: string;
  lang: Lang;
  people: readonly RosterPerson[];
}

/** The roster's words in the kiosk's language (from the renderer's i18n catalogue). */
export interface EvacuationRosterText {
  /** "Evacuation roster — {space}". */
  title: (space: string) => string;
  /** "Printed on {date} at {time}". */
  printedAt: (date: string, time: string) => string;
  /** "{count} people in the building". */
  count: (count: number) => string;
  columns: { name: string; kind: string; since: string; host: string };
  member: string;
  visitor: string;
  guestFrom: (space: string) => string;
  unknown: string;
  /** The name column of someone erased on request while in: "(name erased on request)". */
  erased: string;
  empty: string;
  /** "Page {page} of {pages}". */
  page: (page: number, pages: number) => string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const ROW = 18;
const BODY = 10;
const FOOTER = MARGIN + 14;
const GREY = rgb(0.55, 0.55, 0.55);
const BLACK = rgb(0, 0, 0);

/** Column left edges and widths; the tick box column comes first. */
const COLUMNS = {
  tick: { x: MARGIN, w: 22 },
  name: { x: MARGIN + 22, w: 200 },
  kind: { x: MARGIN + 228, w: 122 },
  since: { x: MARGIN + 356, w: 46 },
  host: { x: MARGIN + 408, w: A4[0] - 2 * MARGIN - 408 },
} as const;

function cell(font: PDFFont, text: string, width: number): string {
  return (
    fitText(font, text, { maxWidth: width - 4, maxSize: BODY, minSize: BODY, maxLines: 1 })
      .lines[0] ?? ''
  );
}

function drawHeadings(page: PDFPage, y: number, bold: PDFFont, text: EvacuationRosterText): void {
  const headings = [
    [COLUMNS.name, text.columns.name],
    [COLUMNS.kind, text.columns.kind],
    [COLUMNS.since, text.columns.since],
    [COLUMNS.host, text.columns.host],
  ] as const;
  for (const [col, label] of headings) {
    page.drawText(cell(bold, label, col.w), { x: col.x, y, size: BODY, font: bold, color: BLACK });
  }
  page.drawLine({
    start: { x: MARGIN, y: y - 5 },
    end: { x: A4[0] - MARGIN, y: y - 5 },
    thickness: 1,
    color: BLACK,
  });
}

function kindLabel(person: RosterPerson, text: EvacuationRosterText): string {
  if (person.kind === 'visitor') return text.visitor;
  if (person.kind === 'guest') return text.guestFrom(person.guestFrom ?? '');
  return text.member;
}

/** The roster as PDF bytes (see the module comment). */
export async function buildEvacuationRoster(
  data: EvacuationRosterData,
  text: EvacuationRosterText,
  fonts: PrintFonts,
): Promise<Uint8Array> {
  const title = text.title(data.spaceName);
  const { doc, regular, bold } = await createPrintDocument(fonts, title, data.at);
  const printed = text.printedAt(
    formatInstant(data.at, data.lang, data.timeZone, 'date'),
    formatInstant(data.at, data.lang, data.timeZone, 'time'),
  );

  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const titleFit = fitText(bold, title, {
    maxWidth: A4[0] - 2 * MARGIN,
    maxSize: 18,
    minSize: 11,
    maxLines: 2,
  });
  for (const line of titleFit.lines) {
    y -= titleFit.size;
    page.drawText(line, { x: MARGIN, y, size: titleFit.size, font: bold, color: BLACK });
    y -= titleFit.size * 0.25;
  }
  y -= 8;
  page.drawText(cell(regular, printed, A4[0] - 2 * MARGIN), {
    x: MARGIN,
    y,
    size: 11,
    font: regular,
  });
  y -= 16;
  page.drawText(text.count(data.people.length), { x: MARGIN, y, size: 11, font: bold });
  y -= 26;
  if (data.people.length === 0) {
    page.drawText(cell(regular, text.empty, A4[0] - 2 * MARGIN), {
      x: MARGIN,
      y,
      size: BODY,
      font: regular,
    });
  } else {
    drawHeadings(page, y, bold, text);
    y -= ROW + 2;
  }

  for (const person of data.people) {
    if (y < FOOTER + 8) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN - BODY;
      page.drawText(cell(regular, `${title} · ${printed}`, A4[0] - 2 * MARGIN), {
        x: MARGIN,
        y,
        size: 9,
        font: regular,
        color: GREY,
      });
      y -= 24;
      drawHeadings(page, y, bold, text);
      y -= ROW + 2;
    }
    page.drawRectangle({
      x: COLUMNS.tick.x,
      y: y - 1,
      width: 10,
      height: 10,
      borderColor: BLACK,
      borderWidth: 0.8,
    });
    const cells = [
      [COLUMNS.name, person.isErased === true ? text.erased : (person.name ?? text.unknown)],
      [COLUMNS.kind, kindLabel(person, text)],
      [COLUMNS.since, formatInstant(person.since, data.lang, data.timeZone, 'time')],
      [COLUMNS.host, person.hostName ?? ''],
    ] as const;
    for (const [col, value] of cells) {
      if (value === '') continue;
      page.drawText(cell(regular, value, col.w), {
        x: col.x,
        y,
        size: BODY,
        font: regular,
        color: BLACK,
      });
    }
    page.drawLine({
      start: { x: MARGIN, y: y - 6 },
      end: { x: A4[0] - MARGIN, y: y - 6 },
      thickness: 0.3,
      color: GREY,
    });
    y -= ROW;
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = text.page(i + 1, pages.length);
    const w = regular.widthOfTextAtSize(label, 9);
    p.drawText(label, { x: A4[0] - MARGIN - w, y: MARGIN, size: 9, font: regular, color: GREY });
  });
  return doc.save();
}
