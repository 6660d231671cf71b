import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvacuationRoster, type RosterPerson } from '#shared/print/evacuation-roster';
import type { PrintFonts } from '#shared/print/print-document';
import { packagedPrintFonts, pdfPages, pdfText } from '../support/pdf-check';
import { ROSTER_TEXT } from '../support/print-text';

let fonts: PrintFonts;
beforeAll(async () => {
  fonts = await packagedPrintFonts();
});

const AT = Date.UTC(2026, 10, 26, 13, 45);
const base = { spaceName: 'Co-nnexion', at: AT, timeZone: 'Europe/Brussels', lang: 'en' as const };

function person(i: number, over: Partial<RosterPerson> = {}): RosterPerson {
  return {
    name: `Person ${String(i).padStart(3, '0')}`,
    kind: 'member',
    since: AT - i * 60_000,
    ...over,
  };
}

describe('evacuation roster PDF', () => {
  it('is A4 portrait with title, print time in the space zone, count and every person', async () => {
    const people: RosterPerson[] = [
      person(1, { name: 'Łukasz Żółkiewski' }),
      person(2, { name: 'Marie Dupont', kind: 'visitor', hostName: 'Jan Peeters' }),
      person(3, { name: 'Ĳsbrand Ørsted', kind: 'guest', guestFrom: 'Mutualab' }),
      person(4, { name: null }),
      person(5, { name: null, kind: 'visitor', isErased: true }),
    ];
    const pdf = await buildEvacuationRoster({ ...base, people }, ROSTER_TEXT, fonts);
    const pages = await pdfPages(pdf);
    expect(pages).toMatchObject({ count: 1 });
    expect(pages.width).toBeCloseTo(595.28, 1);
    expect(pages.height).toBeCloseTo(841.89, 1);
    const text = await pdfText(pdf);
    for (const part of [
      'Evacuation roster — Co-nnexion',
      'Printed on 26 November 2026 at 14:45',
      '5 people in the building',
      'Łukasz Żółkiewski',
      'Marie Dupont',
      'Jan Peeters',
      'guest from Mutualab',
      'Ĳsbrand Ørsted',
      '(name not on this kiosk)',
      '(name erased on request)',
      '14:44',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('paginates 300 people with headings and page numbers on every page', async () => {
    const people = Array.from({ length: 300 }, (_, i) => person(i));
    const pdf = await buildEvacuationRoster({ ...base, people }, ROSTER_TEXT, fonts);
    const { count } = await pdfPages(pdf);
    expect(count).toBeGreaterThanOrEqual(7);
    expect(count).toBeLessThanOrEqual(9);
    const text = await pdfText(pdf);
    for (let i = 0; i < 300; i += 1) expect(text).toContain(`Person ${String(i).padStart(3, '0')}`);
    const pagesText = text.split('\f').filter((p) => p.trim() !== '');
    expect(pagesText).toHaveLength(count);
    pagesText.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${count}`);
      expect(p).toContain('Name');
      expect(p).toContain('Co-nnexion');
    });
    expect(text).toContain('300 people in the building');
  });

  it('says nobody is in when the list is empty', async () => {
    const pdf = await buildEvacuationRoster({ ...base, people: [] }, ROSTER_TEXT, fonts);
    const text = await pdfText(pdf);
    expect(text).toContain('Nobody is checked in.');
    expect(text).toContain('0 people in the building');
  });

  it('cuts overlong cells to their column instead of overprinting the next', async () => {
    const long = 'Anne-Catherine-Marguerite de Kerchove de Denterghem-Oosterlinck-Vandenbroucke';
    const pdf = await buildEvacuationRoster(
      { ...base, people: [person(1, { name: long, kind: 'visitor', hostName: long })] },
      ROSTER_TEXT,
      fonts,
    );
    const text = await pdfText(pdf);
    expect(text).toContain('Anne-Catherine');
    expect(text).toContain('…');
    expect(text).not.toContain(long);
  });
});
