import type { Member, Space, Visit, Visitor } from '#shared/domain/types';
import type { HubStore } from '../store/store';
import { agendaEvent, hubPut } from './hub-writes';

/**
 * A network with known data for the indicators' tests: 7 spaces (four Belgian, three French, one
 * of them in French Guiana, whose zone has no daylight-saving time), 70 members, 40 visitors and
 * about 1 600 visits from August to mid-December 2026 (the indicators' period is September to
 * November: the autumn change of 25 October inside it), four events attended. Deterministic (a
 * seeded generator); written in bulk through the hub's own write path.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The period the tests ask for, and the one the seed spans. */
export const PERIOD = { from: '2026-09-01', to: '2026-12-01' } as const;
const SEED_FROM = Date.UTC(2026, 7, 1);
const SEED_TO = Date.UTC(2026, 11, 15);

/** A space's name that an export must not let a spreadsheet run. */
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","Roubaix")';
/** An event title that begins with a formula sign. */
export const FORMULA_TITLE = '@SUM(1+1)*cmd|" /C calc"!A0';

const sp = (id: string, name: string, country: string, timezone: string): Space => ({
  id,
  name,
  city: name,
  country,
  timezone,
  languages: ['fr', 'nl', 'en'],
});

export const NETWORK_SPACES: readonly Space[] = [
  sp('be-kortrijk', 'Kortrijk Hub', 'BE', 'Europe/Brussels'),
  sp('be-liege', 'Liège Café', 'BE', 'Europe/Brussels'),
  sp('be-mons', 'Co-nnexion', 'BE', 'Europe/Brussels'),
  sp('be-tournai', 'Tournai Lab', 'BE', 'Europe/Brussels'),
  sp('fr-cayenne', 'Cayenne Coop', 'FR', 'America/Cayenne'),
  sp('fr-lille', 'Mutualab', 'FR', 'Europe/Paris'),
  sp('fr-roubaix', FORMULA_NAME, 'FR', 'Europe/Paris'),
];

/** mulberry32: a small, seeded, well-spread generator, so every run seeds the same network. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function members(): Member[] {
  return Array.from({ length: 70 }, (_, i) => ({
    id: `m-${String(i).padStart(2, '0')}`,
    displayName: i === 0 ? '=HYPERLINK("http://evil.example")' : `Member ${i}`,
    // m-69's home space is not one the hub holds: never cross-border.
    homeSpaceId: i === 69 ? 'gone-space' : (NETWORK_SPACES[i % 7]?.id ?? ''),
    cardIds: [],
    cardKeys: [],
    isActive: true,
    updatedAt: SEED_FROM,
  }));
}

const COUNTRIES = ['BE', 'fr', 'FR', undefined] as const;

/** v-00 … v-39 visit at random; v-40 … v-43 come for an event first (FIRST_TIMERS). */
function visitors(): Visitor[] {
  return Array.from({ length: 44 }, (_, i) => {
    const country = COUNTRIES[i % 4];
    return {
      id: `v-${String(i).padStart(2, '0')}`,
      firstName: 'Visitor',
      lastName: String(i),
      preferredLang: 'fr',
      consentAt: SEED_FROM,
      consentVersion: 'v1',
      retainUntil: SEED_TO + 400 * 24 * HOUR,
      updatedAt: SEED_FROM,
      ...(country !== undefined ? { country } : {}),
    };
  });
}

/** The events: id, space, start. Titles in French, one of them a formula. */
export const NETWORK_EVENTS = [
  { id: 'ev-mons', spaceId: 'be-mons', startsAt: Date.UTC(2026, 8, 15, 16) },
  { id: 'ev-lille', spaceId: 'fr-lille', startsAt: Date.UTC(2026, 9, 24, 16) },
  { id: 'ev-cayenne', spaceId: 'fr-cayenne', startsAt: Date.UTC(2026, 10, 10, 21) },
  { id: 'ev-august', spaceId: 'be-liege', startsAt: Date.UTC(2026, 7, 20, 16) },
] as const;

/**
 * Visitors whose first visit is at an event (first-time attendees), with when they came again:
 * v-40 (from BE) at Lille's event and again there 2 hours later; v-41 (fr) at Mons's and a week
 * later; v-42 (FR) at Lille's (not cross-border); v-43 (no country) at Cayenne's.
 */
const FIRST_TIMERS = [
  ['v-40', 'ev-lille', 2 * HOUR],
  ['v-41', 'ev-mons', 7 * 24 * HOUR],
  ['v-42', 'ev-lille', 7 * 24 * HOUR],
  ['v-43', 'ev-cayenne', 7 * 24 * HOUR],
] as const;

/** Visits at chosen instants: both sides of the autumn change and of the period's local edges. */
const EDGES = [
  Date.UTC(2026, 9, 25, 0, 30), // 02:30 CEST, the first of the two in Brussels
  Date.UTC(2026, 9, 25, 1, 30), // 02:30 CET, the second
  Date.UTC(2026, 7, 31, 22, 30), // 1 September 00:30 in Brussels, 31 August in Cayenne
  Date.UTC(2026, 10, 30, 23, 30), // 1 December 00:30 in Paris, 30 November in Cayenne
  Date.UTC(2026, 11, 1, 2, 30), // 30 November 23:30 in Cayenne
];

function visits(): Visit[] {
  const next = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out: Visit[] = [];
  const add = (checkInAt: number, spaceId: string, eventId?: string) => {
    const isMember = next() < 0.8;
    const personId = isMember
      ? `m-${String(Math.floor(next() * 70)).padStart(2, '0')}`
      : `v-${String(Math.floor(next() * 40)).padStart(2, '0')}`;
    const open = next() < 0.15;
    out.push({
      id: `x-${String(out.length).padStart(5, '0')}`,
      spaceId,
      personKind: isMember ? 'member' : 'visitor',
      personId,
      method: 'host',
      checkInAt,
      ...(open ? {} : { checkOutAt: checkInAt + Math.floor(10 + next() * 590) * MINUTE }),
      kioskId: `${spaceId}-1`,
      ...(eventId !== undefined ? { eventId } : {}),
    });
  };
  for (let i = 0; i < 1_500; i += 1) {
    add(SEED_FROM + Math.floor(next() * (SEED_TO - SEED_FROM)), pick(NETWORK_SPACES).id);
  }
  for (const at of EDGES) for (const s of NETWORK_SPACES) add(at, s.id);
  for (const e of NETWORK_EVENTS) {
    for (let i = 0; i < 12; i += 1) add(e.startsAt + i * 5 * MINUTE, e.spaceId, e.id);
  }
  for (const [personId, eventId, after] of FIRST_TIMERS) {
    const e = NETWORK_EVENTS.find((x) => x.id === eventId);
    if (e === undefined) continue;
    out.push(
      ...[0, after].map((late, i) => ({
        id: `x-${personId}-${i}`,
        spaceId: e.spaceId,
        personKind: 'visitor' as const,
        personId,
        method: 'host' as const,
        checkInAt: e.startsAt + late,
        checkOutAt: e.startsAt + late + HOUR,
        kioskId: `${e.spaceId}-1`,
        // The first visit is the event's; the second at the event again (checked in twice) or,
        // a week later, at the space alone.
        ...(i === 0 || late < 24 * HOUR ? { eventId } : {}),
      })),
    );
  }
  return out;
}

/** Seeds the network into an empty `store` (about a second); rejects when the hub refuses any of it. */
export async function seedNetwork(store: HubStore): Promise<void> {
  await hubPut(store, 'spaces', NETWORK_SPACES, SEED_FROM);
  await hubPut(store, 'members', members(), SEED_FROM);
  await hubPut(store, 'visitors', visitors(), SEED_FROM);
  await hubPut(
    store,
    'events',
    NETWORK_EVENTS.map((e) =>
      agendaEvent({
        ...e,
        title: {
          fr: e.id === 'ev-lille' ? FORMULA_TITLE : `Atelier ${e.id}`,
          en: `Workshop ${e.id}`,
        },
      }),
    ),
    SEED_FROM,
  );
  await hubPut(store, 'visits', visits(), SEED_TO);
}

/**
 * Checks out, by a host, every visit of `store` that is still open, an hour after its check-in,
 * stamped at `now`; resolves with how many. Rejects when the hub refuses any.
 */
export async function closeOpenVisits(store: HubStore, now: number): Promise<number> {
  const ids = await store.liveRecordIds('visits');
  const rows = await Promise.all(ids.map((id) => store.readRecord('visits', id)));
  const open = rows.flatMap((r) =>
    r?.state.kind === 'visit' && r.state.checkIn && !r.state.checkOut
      ? [{ id: r.recordId, spaceId: r.state.spaceId, ...r.state.checkIn }]
      : [],
  );
  await hubPut(
    store,
    'visits',
    open.map((v) => ({ ...v, checkOutAt: v.checkInAt + HOUR, checkOutMethod: 'host' })),
    now,
  );
  return open.length;
}
