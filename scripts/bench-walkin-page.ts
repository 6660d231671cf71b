/// <reference lib="dom" />
/**
 * The page side of `npm run bench:walkin`, bundled by esbuild into one script that the benchmark
 * evaluates in the kiosk page (the built renderer). It runs the app's own code on the app's own
 * database: KioskDb (same schema, derived search index, strict durability), the returning-visitor
 * search (renderer/src/lib/visitors/visitor-search.ts), the walk-in desk and the badge printout.
 * Exposes `globalThis.walkinBench` (see WalkinBenchPage); every method rejects with the error.
 */
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { Visit, Visitor } from '#shared/domain/types';
import type { PrintFonts } from '#shared/print/print-document';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { PRIVACY_NOTICE_VERSION, validateWalkIn } from '#shared/visitor/walk-in-form';
import { setupI18n } from '#renderer/i18n';
import { createDb, DEFAULT_DB_NAME } from '#renderer/lib/db/kiosk-db';
import { i18nTranslate } from '#renderer/lib/print/print-text';
import { Printouts } from '#renderer/lib/print/printouts';
import { searchVisitors } from '#renderer/lib/visitors/visitor-search';
import { VisitorDesk } from '#renderer/lib/visitors/visitor-desk';

/** One visitor to seed: the fields a walk-in form stores. */
export interface SeedPerson {
  firstName: string;
  lastName: string;
  email?: string;
  company?: string;
}

/** What the bundle puts on `globalThis.walkinBench`. */
export interface WalkinBenchPage {
  /** Stores the visitors (and one closed visit each) through Dexie, `chunk` per transaction. */
  seed(args: { people: SeedPerson[]; offset: number }): Promise<void>;
  /** Row counts of visitors and visits. */
  counts(): Promise<{ visitors: number; visits: number }>;
  /** Runs each query through searchVisitors; per query the ms it took and how many it found. */
  search(queries: string[]): Promise<{ ms: number; found: number }[]>;
  /**
   * For each form: validate it, register the walk-in (visitor + visit + outbox, one transaction)
   * and build its badge label PDF; per form the ms from submit to PDF bytes and the PDF's size.
   */
  registerToPdf(args: {
    forms: SeedPerson[];
    fontUrls: { regular: string; bold: string };
  }): Promise<{ ms: number; bytes: number }[]>;
}

const db = createDb(DEFAULT_DB_NAME);
const SPACE = DEMO_KIOSK_CONFIG.spaceId;
const DAY = 86_400_000;

async function fetchFonts(urls: { regular: string; bold: string }): Promise<PrintFonts> {
  const get = async (url: string): Promise<Uint8Array> => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const [regular, bold] = await Promise.all([get(urls.regular), get(urls.bold)]);
  return { regular, bold };
}

const page: WalkinBenchPage = {
  async seed({ people, offset }) {
    const now = Date.now();
    const visitors: Visitor[] = [];
    const visits: Visit[] = [];
    people.forEach((p, i) => {
      const n = offset + i;
      // Every visit within the last 25 days: the kiosk purges visitors past their space's
      // retention (30 days by default) at start, and the search must run over all 50 000.
      const at = now - 25 * DAY + n * 40_000;
      const id = `bench-visitor-${n}`;
      visitors.push({
        id,
        firstName: p.firstName,
        lastName: p.lastName,
        ...(p.email === undefined ? {} : { email: p.email }),
        ...(p.company === undefined ? {} : { company: p.company }),
        country: 'BE',
        preferredLang: 'fr',
        consentAt: at,
        consentVersion: PRIVACY_NOTICE_VERSION,
        retainUntil: now + 365 * DAY,
        updatedAt: at,
      });
      visits.push({
        id: `bench-visit-${n}`,
        spaceId: SPACE,
        personKind: 'visitor',
        personId: id,
        method: 'host',
        checkInAt: at,
        checkOutAt: at + 3 * 3_600_000,
        checkOutMethod: 'host',
        kioskId: 'bench-kiosk',
      });
    });
    await db.transaction('rw', db.visitors, db.visits, async () => {
      await db.visitors.bulkPut(visitors);
      await db.visits.bulkPut(visits);
    });
  },

  async counts() {
    return { visitors: await db.visitors.count(), visits: await db.visits.count() };
  },

  async search(queries) {
    const out: { ms: number; found: number }[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const found = await searchVisitors(db, q);
      out.push({ ms: performance.now() - t0, found: found.length });
    }
    return out;
  },

  async registerToPdf({ forms, fontUrls }) {
    setupI18n('fr');
    const clock = (): number => Date.now();
    const desk = new VisitorDesk({
      db,
      config: DEMO_KIOSK_CONFIG,
      clock,
      hlc: new HybridLogicalClock('bench-kiosk', clock),
    });
    const space = (await db.spaces.get(SPACE)) ?? null;
    // Fetched once and kept, as the app's PrintFontCache does.
    let fonts: Promise<PrintFonts> | null = null;
    const printouts = new Printouts({
      db,
      fonts: () => (fonts ??= fetchFonts(fontUrls)),
      clock,
      translate: i18nTranslate,
      place: () => ({ config: DEMO_KIOSK_CONFIG, space, lang: 'fr' }),
    });
    const out: { ms: number; bytes: number }[] = [];
    for (const form of forms) {
      const t0 = performance.now();
      const checked = validateWalkIn({
        firstName: form.firstName,
        lastName: form.lastName,
        company: form.company ?? '',
        email: form.email ?? '',
        phone: '',
        country: 'BE',
        preferredLang: 'fr',
        purpose: { kind: 'coworking' },
        consent: true,
        consentVersion: PRIVACY_NOTICE_VERSION,
      });
      if (!checked.ok) throw new Error(`form refused: ${JSON.stringify(checked.error)}`);
      const reply = await desk.register({
        walkIn: checked.value,
        submissionId: crypto.randomUUID(),
      });
      if (!reply.ok) throw new Error(reply.error.code);
      const pdf = await printouts.badge(reply.value);
      out.push({ ms: performance.now() - t0, bytes: pdf.byteLength });
    }
    return out;
  },
};

(globalThis as unknown as { walkinBench: WalkinBenchPage }).walkinBench = page;
