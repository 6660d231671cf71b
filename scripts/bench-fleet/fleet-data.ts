import type { Visit, Visitor } from '#shared/domain/types';
import { rng } from '../bench-walkin-people';

/**
 * The made-up network of `bench:fleet`: spaces on both sides of the border, their members, and
 * each kiosk's night of records. Deterministic (a seeded generator), so every run and every store
 * gets the same data; only the times follow the clock, since the hub clamps stamps to its own.
 */

/** The sizes of one run. */
export interface FleetSize {
  readonly spaces: number;
  /** Kiosks per space (two in the issue: each pulls what the other wrote). */
  readonly kiosksPerSpace: number;
  readonly membersPerSpace: number;
  /** Records each kiosk pushes in the night (visitors it registers and visits). */
  readonly recordsPerKiosk: number;
}

/** One record a kiosk writes: a registered visitor or a visit, whole, as kiosks push them. */
export type NightRecord =
  | { readonly table: 'visitors'; readonly record: Visitor }
  | { readonly table: 'visits'; readonly record: Visit };

/** One simulated kiosk: its id, space, the kiosks of the same space and its night's records. */
export interface KioskPlan {
  readonly kioskId: string;
  readonly spaceId: string;
  /** The other kiosks of its space, whose records it must end up holding. */
  readonly peers: readonly string[];
  readonly records: readonly NightRecord[];
}

/** Spaces and members as the admin imports them (the CLI's CSV forms), and the kiosks' plans. */
export interface FleetPlan {
  readonly spacesCsv: string;
  readonly membersCsv: string;
  readonly spaceIds: readonly string[];
  readonly memberIds: readonly string[];
  readonly kiosks: readonly KioskPlan[];
}

/** Share of a kiosk's records that are visitors it registers, and visits of those visitors. */
const VISITOR_SHARE = 0.05;
const VISITOR_VISIT_SHARE = 0.15;
/** Share of member visits made at a space of the other country (cross-border use). */
const CROSS_BORDER_SHARE = 0.1;
const HOUR = 3600_000;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const spaceId = (s: number): string => `fleet-space-${pad(s + 1, 3)}`;
const countryOf = (s: number): 'BE' | 'FR' => (s % 2 === 0 ? 'BE' : 'FR');
const memberId = (s: number, m: number): string => `fleet-m-${pad(s + 1, 3)}-${pad(m + 1, 4)}`;

/**
 * An EM4100 card id (10 hex digits) per member: the member's index in the low 24 bits, so the
 * numbers kiosks derive from a card (decimal forms of those bits) never collide between members.
 */
function cardOf(index: number): string {
  return `3C${(0x01000000 + index).toString(16).toUpperCase().padStart(8, '0')}`;
}

function spacesCsv(size: FleetSize): string {
  const rows = Array.from({ length: size.spaces }, (_, s) => {
    const country = countryOf(s);
    const zone = country === 'BE' ? 'Europe/Brussels' : 'Europe/Paris';
    const langs = country === 'BE' ? 'fr;nl;en' : 'fr;en';
    return `${spaceId(s)},Fleet space ${s + 1},City ${s + 1},${country},${zone},${langs}`;
  });
  return ['id,name,city,country,timezone,languages', ...rows].join('\n');
}

function membersCsv(size: FleetSize): string {
  const rows: string[] = [];
  for (let s = 0; s < size.spaces; s++) {
    for (let m = 0; m < size.membersPerSpace; m++) {
      const index = s * size.membersPerSpace + m;
      rows.push(`${memberId(s, m)},Member ${index + 1},${spaceId(s)},${cardOf(index)},true`);
    }
  }
  return ['id,displayName,homeSpaceId,cardIds,active', ...rows].join('\n');
}

/** A member for a visit at space `s`: mostly its own, sometimes one from across the border. */
function visitingMember(size: FleetSize, s: number, next: () => number): [string, string] {
  let home = s;
  if (next() < CROSS_BORDER_SHARE && size.spaces > 1) {
    // An odd distance lands in the other country (countries alternate).
    const span = Math.max(1, Math.floor((size.spaces - 1) / 2));
    home = (s + 1 + 2 * Math.floor(next() * span)) % size.spaces;
  }
  const m = Math.floor(next() * size.membersPerSpace);
  return [memberId(home, m), cardOf(home * size.membersPerSpace + m)];
}

function nightOf(
  size: FleetSize,
  s: number,
  kioskId: string,
  now: number,
  next: () => number,
): NightRecord[] {
  const visitors = Math.round(size.recordsPerKiosk * VISITOR_SHARE);
  const visitorVisits = visitors === 0 ? 0 : Math.round(size.recordsPerKiosk * VISITOR_VISIT_SHARE);
  const memberVisits = size.recordsPerKiosk - visitors - visitorVisits;
  // Registrations first: a visitor is registered at the desk before their visits.
  const out: NightRecord[] = [];
  const visitorIds: string[] = [];
  for (let i = 0; i < visitors; i++) {
    const id = `${kioskId}-visitor-${pad(i + 1, 5)}`;
    visitorIds.push(id);
    const consentAt = now - Math.floor(next() * 10 * HOUR);
    out.push({
      table: 'visitors',
      record: {
        id,
        firstName: `Visitor ${i + 1}`,
        lastName: kioskId,
        ...(next() < 0.5 ? { company: 'Fleet SA' } : {}),
        email: `visitor-${i + 1}@${kioskId}.example`,
        preferredLang: next() < 0.5 ? 'fr' : 'en',
        consentAt,
        consentVersion: '2026-01',
        retainUntil: consentAt + 30 * 24 * HOUR,
        updatedAt: consentAt,
      },
    });
  }
  for (let i = 0; i < memberVisits + visitorVisits; i++) {
    const isMember = i < memberVisits;
    const checkInAt = now - Math.floor((1 + next() * 11) * HOUR);
    const isOut = next() < 0.6;
    const visitorId = visitorIds[i % Math.max(1, visitorIds.length)] ?? '';
    const [personId, cardId] = isMember ? visitingMember(size, s, next) : [visitorId, undefined];
    const visit: Visit = {
      id: `${kioskId}-visit-${pad(i + 1, 5)}`,
      spaceId: spaceId(s),
      personKind: isMember ? 'member' : 'visitor',
      personId,
      method: isMember ? 'wedge' : 'host',
      checkInAt,
      kioskId,
      ...(cardId === undefined ? {} : { cardId }),
      ...(isOut ? { checkOutAt: checkInAt + Math.floor((0.5 + next() * 6) * HOUR) } : {}),
      ...(isOut ? { checkOutMethod: isMember ? 'wedge' : 'host' } : {}),
    };
    out.push({ table: 'visits', record: visit });
  }
  return out;
}

/**
 * The network for `size`, with visit times in the 12 hours before `now`. Kiosk ids are
 * `<space>-desk-<n>`. Throws a RangeError when a size is not a positive whole number.
 */
export function fleetPlan(size: FleetSize, now: number, seed = 12): FleetPlan {
  for (const [name, value] of Object.entries(size)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive whole number, not ${String(value)}`);
    }
  }
  const next = rng(seed);
  const kiosks: KioskPlan[] = [];
  for (let s = 0; s < size.spaces; s++) {
    const ids = Array.from(
      { length: size.kiosksPerSpace },
      (_, k) => `${spaceId(s)}-desk-${k + 1}`,
    );
    for (const kioskId of ids) {
      kiosks.push({
        kioskId,
        spaceId: spaceId(s),
        peers: ids.filter((id) => id !== kioskId),
        records: nightOf(size, s, kioskId, now, next),
      });
    }
  }
  return {
    spacesCsv: spacesCsv(size),
    membersCsv: membersCsv(size),
    spaceIds: Array.from({ length: size.spaces }, (_, s) => spaceId(s)),
    memberIds: Array.from({ length: size.spaces * size.membersPerSpace }, (_, i) =>
      memberId(Math.floor(i / size.membersPerSpace), i % size.membersPerSpace),
    ),
    kiosks,
  };
}
