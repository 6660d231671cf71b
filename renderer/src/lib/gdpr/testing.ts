import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { WalkIn } from '#shared/visitor/walk-in-form';
import type { KioskDb } from '../db/kiosk-db';
import { seedDemoData } from '../db/seed';
import { freshDb } from '../db/test-factories';
import { VisitorDesk } from '../visitors/visitor-desk';

/** A walk-in with distinctive personal data, to look for afterwards. */
export function aWalkIn(over: Partial<WalkIn> = {}): WalkIn {
  return {
    firstName: 'Griselda',
    lastName: 'Vanderkerckhove',
    email: 'griselda.vdk@example.org',
    phone: '+32470123456',
    country: 'BE',
    preferredLang: 'fr',
    purpose: { kind: 'coworking' },
    consentVersion: 'v1',
    ...over,
  };
}

/** A seeded demo database with a desk on a hand-driven clock, for the GDPR tests. */
export async function gdprSetUp(label: string, start: number) {
  const db = freshDb(label);
  await seedDemoData(db);
  const time = { now: start };
  const clock = (): number => time.now;
  const hlc = new HybridLogicalClock(DEMO_KIOSK_CONFIG.kioskId, clock);
  const desk = new VisitorDesk({ db, config: DEMO_KIOSK_CONFIG, clock, hlc });
  return { db, desk, hlc, time, spaceId: DEMO_KIOSK_CONFIG.spaceId };
}

/** Every row of every table of `db`, as one JSON text, to search for traces of a person. */
export async function dumpAll(db: KioskDb): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return JSON.stringify(out);
}
