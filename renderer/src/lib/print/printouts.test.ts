import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG, DEMO_MEMBERS } from '#shared/demo/demo-data';
import type { KioskApi } from '#shared/ipc/contract';
import { err } from '#shared/result';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { setupI18n } from '../../i18n';
import { createBrowserKioskApi } from '../../platform/browser-kiosk-api';
import type { KioskDb } from '../db/kiosk-db';
import { seedDemoData } from '../db/seed';
import { freshDb } from '../db/test-factories';
import { VisitorDesk } from '../visitors/visitor-desk';
import { PrintJobState, type PdfUrls } from './print-job-state.svelte';
import { PrintFontCache } from './print-fonts';
import { i18nTranslate } from './print-text';
import { Printouts } from './printouts';

const T0 = Date.UTC(2026, 10, 26, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp() {
  setupI18n('en');
  const db = freshDb('print');
  opened.push(db);
  await seedDemoData(db);
  const clock = (): number => T0;
  const desk = new VisitorDesk({
    db,
    config: DEMO_KIOSK_CONFIG,
    clock,
    hlc: new HybridLogicalClock('demo-kiosk', clock),
  });
  const space = (await db.spaces.get(DEMO_KIOSK_CONFIG.spaceId)) ?? null;
  const fonts = new PrintFontCache();
  const printouts = new Printouts({
    db,
    fonts: () => fonts.load(),
    clock,
    translate: i18nTranslate,
    place: () => ({ config: DEMO_KIOSK_CONFIG, space, lang: 'nl' }),
  });
  return { db, desk, printouts };
}

const host = DEMO_MEMBERS.find((m) => m.homeSpaceId === DEMO_KIOSK_CONFIG.spaceId && m.isActive);

async function register(desk: VisitorDesk) {
  const reply = await desk.register({
    walkIn: {
      firstName: 'Zoë',
      lastName: 'Ĳzerman',
      company: 'Grenswerk',
      country: 'BE',
      preferredLang: 'nl',
      purpose: { kind: 'meeting', memberId: host?.id ?? '' },
      consentVersion: 'v1',
    },
    submissionId: crypto.randomUUID(),
  });
  if (!reply.ok) throw new Error(reply.error.code);
  return reply.value;
}

/** Object URLs that are really created, and counted, so a leak shows. */
function countedUrls(): PdfUrls & { live: Set<string> } {
  const live = new Set<string>();
  return {
    live,
    create: (pdf) => {
      const url = URL.createObjectURL(new Blob([pdf as Uint8Array<ArrayBuffer>]));
      live.add(url);
      return url;
    },
    revoke: (url) => {
      URL.revokeObjectURL(url);
      live.delete(url);
    },
  };
}

describe('Printouts', () => {
  it('fills the badge from the local store: the member met, the space and its time zone', async () => {
    const { desk, printouts } = await setUp();
    const registration = await register(desk);
    expect(await printouts.badgeData(registration)).toEqual({
      visitId: registration.visit.id,
      visitorName: 'Zoë Ĳzerman',
      company: 'Grenswerk',
      hostName: host?.displayName,
      spaceName: 'Co-nnexion',
      at: T0,
      timeZone: 'Europe/Brussels',
      lang: 'nl',
    });
    const pdf = await PDFDocument.load(await printouts.badge(registration));
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('BEZOEKER — Zoë Ĳzerman');
  });

  it('builds the roster of who is in with the fonts the build serves', async () => {
    const { desk, printouts } = await setUp();
    await register(desk);
    const pdf = await PDFDocument.load(await printouts.roster());
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Evacuatielijst — Co-nnexion');
  });
});

describe('PrintJobState', () => {
  const PDF = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');

  it('offers the PDF when the browser has no printer, and revokes it on dispose', async () => {
    const urls = countedUrls();
    const job = new PrintJobState(createBrowserKioskApi({ search: '', now: Date.now }), urls);
    await job.run('badge-label', () => Promise.resolve(PDF));
    expect(job.status).toBe('no-printer');
    const url = job.pdfUrl ?? '';
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(PDF);
    await job.run('badge-label', () => Promise.resolve(PDF));
    expect(urls.live.size).toBe(1);
    job.dispose();
    expect(urls.live.size).toBe(0);
  });

  it("keeps the PDF and main's reason when printing fails", async () => {
    const failing: Pick<KioskApi, 'print'> = {
      print: {
        printPdf: () =>
          Promise.resolve(
            err({ code: 'print-failed', message: 'Not sent.', details: ['lp: no such queue'] }),
          ),
      },
    };
    const job = new PrintJobState(failing, countedUrls());
    await job.run('evacuation-roster', () => Promise.resolve(PDF));
    expect([job.status, job.reason, job.pdfUrl !== null]).toEqual([
      'failed',
      'Not sent. lp: no such queue',
      true,
    ]);
  });

  it('says so when no PDF could be made, offering nothing', async () => {
    const job = new PrintJobState(createBrowserKioskApi({ search: '', now: Date.now }));
    await job.run('badge-label', () => Promise.reject(new Error('fonts unavailable')));
    expect([job.status, job.pdfUrl]).toEqual(['build-failed', null]);
  });

  it('the browser platform refuses bytes that are not a PDF', async () => {
    const api = createBrowserKioskApi({ search: '', now: Date.now });
    const reply = await api.print.printPdf({
      kind: 'badge-label',
      pdf: new TextEncoder().encode('<html>'),
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request' } });
  });
});
