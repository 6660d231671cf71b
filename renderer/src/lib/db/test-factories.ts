import type { Member, Space, Visit } from '#shared/domain/types';
import { createDb, type KioskDb } from './kiosk-db';

let dbCounter = 0;

/**
 * A fresh, uniquely named database for one test. Close it afterwards; deleting is unnecessary (the
 * test browser's profile is thrown away) and makes Dexie warn while the close is still pending.
 */
export function freshDb(label: string): KioskDb {
  dbCounter += 1;
  return createDb(`test-${label}-${Date.now()}-${dbCounter}-${crypto.randomUUID()}`);
}

/** A space with plausible defaults. */
export function aSpace(over: Partial<Space> = {}): Space {
  return {
    id: 'space-a',
    name: 'Space A',
    city: 'Mons',
    country: 'BE',
    timezone: 'Europe/Brussels',
    languages: ['fr', 'en'],
    ...over,
  };
}

/** A member with one card whose keys are given verbatim (no card-id derivation here). */
export function aMember(over: Partial<Member> = {}): Member {
  return {
    id: 'member-1',
    displayName: 'Ada Lovelace',
    homeSpaceId: 'space-a',
    cardIds: ['CARD1'],
    cardKeys: ['CARD1'],
    isActive: true,
    updatedAt: 1_700_000_000_000,
    ...over,
  };
}

/** A visit, open unless `checkOutAt` is given. */
export function aVisit(over: Partial<Visit> = {}): Visit {
  return {
    id: crypto.randomUUID(),
    spaceId: 'space-a',
    personKind: 'member',
    personId: 'member-1',
    method: 'wedge',
    checkInAt: 1_700_000_000_000,
    kioskId: 'kiosk-1',
    ...over,
  };
}
