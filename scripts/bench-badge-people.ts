/**
 * The made-up network of `npm run bench:badge`, as pure functions of an index, so the bench
 * process (which plans the taps) and the page (which stores the records) agree without shipping
 * 1 200 000 records across CDP: members of the seven COFFEE places, eight in ten with an EM4100
 * card, two in ten with a MIFARE UID (4 or 7 bytes), one in ten with a second card; and their
 * visits of the last two years, three in four at the kiosk's space. Every card's low 32 bits are
 * distinct, so the 10-digit decimal a wedge reader types names one member.
 */
import type { CardKind } from '#shared/card/card-id';
import type { Lang, Member, Visit } from '#shared/domain/types';

/** The kiosk's space (the demo config's). */
export const SPACE = 'co-nnexion-mons';
const SPACES = [
  SPACE,
  'esco-tournai',
  'switch-charleroi',
  'cowork-factory-la-louviere',
  'mutualab-lille',
  'technocite-mons',
  'pop-lille',
];
const LANGS: (Lang | undefined)[] = ['fr', 'nl', 'en', 'fr', undefined];
const FIRST =
  'Camille Pieter Sarah Julie Bram Thomas Sofia Giulia Léa Elise Inès Nathan Marc Anaïs'.split(' ');
const LAST =
  'Dubois Janssens Lambert Vandenberghe De Smet Leclercq Haddad Romano Martin Peeters Morel Roussel Renard Mertens'.split(
    ' ',
  );
const DAY = 86_400_000;
const HOUR = 3_600_000;
const HISTORY_DAYS = 730;

/** Every member this many (by index) is in the building when the bench starts. */
export const IN_BUILDING_EVERY = 100;

/** A UUID-shaped id (36 characters, as the hub's ids), unique per `kind` and index. */
function uuidOf(kind: number, i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

/** Low 32 bits of card `c`, distinct for every c below 2^31 (7919 is odd, so invertible mod 2^32). */
function low32(c: number): number {
  return (0x10000000 + c * 7919) % 0x1_0000_0000;
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

/** Card number `c` (members' cards are 2i and 2i+1): its canonical id and kind. */
export function cardOf(c: number): { id: string; kind: CardKind } {
  const low = hex(low32(c), 8);
  switch (c % 10) {
    case 3:
      return { id: low, kind: 'uid' };
    case 7:
      return { id: `04${hex(c % 0x10000, 4)}${low}`, kind: 'uid' };
    default:
      return { id: `${hex(0x10 + (c % 0xe0), 2)}${low}`, kind: 'em4100' };
  }
}

/** Member i's cards: one, or two for one member in ten. */
export function cardsOf(i: number): { id: string; kind: CardKind }[] {
  return i % 10 === 4 ? [cardOf(2 * i), cardOf(2 * i + 1)] : [cardOf(2 * i)];
}

/** Member i without its card keys (the page derives them with the app's own enrolmentKeys). */
export function memberOf(i: number): Omit<Member, 'cardKeys'> {
  const lang = LANGS[i % LANGS.length];
  return {
    id: uuidOf(1, i),
    displayName: `${FIRST[i % FIRST.length] ?? 'A'} ${LAST[(i * 7) % LAST.length] ?? 'B'} ${i}`,
    homeSpaceId: SPACES[i % 3 === 0 ? i % SPACES.length : 0] ?? SPACE,
    cardIds: cardsOf(i).map((c) => c.id),
    ...(lang === undefined ? {} : { preferredLang: lang }),
    isActive: i % 53 !== 5,
    updatedAt: 1_700_000_000_000 + i,
  };
}

/** Member i is active and has an open visit at the kiosk's space (checked in today). */
export function isInBuilding(i: number): boolean {
  return i % IN_BUILDING_EVERY === 7 && memberOf(i).isActive;
}

/**
 * Visit j of `visits` (members `members`), at `now`: the in-building members' open visits come
 * first (checked in 1–8 h ago), then closed visits spread over the last two years, ending a day
 * ago; three in four at the kiosk's space. Method and check-out as the badge flow writes them.
 */
export function visitOf(j: number, members: number, now: number): Visit {
  const open = Math.floor(members / IN_BUILDING_EVERY);
  if (j < open) {
    const i = j * IN_BUILDING_EVERY + 7;
    if (isInBuilding(i)) {
      const card = cardsOf(i)[0]?.id ?? '';
      return {
        id: uuidOf(2, j),
        spaceId: SPACE,
        personKind: 'member',
        personId: uuidOf(1, i),
        cardId: card,
        method: 'wedge',
        checkInAt: now - HOUR - ((j * 7919) % (7 * HOUR)),
        kioskId: 'bench-kiosk',
      };
    }
  }
  const i = (j * 48271) % members;
  const checkInAt = now - HISTORY_DAYS * DAY + Math.floor((j * (HISTORY_DAYS - 1) * DAY) / 1e6);
  return {
    id: uuidOf(2, j),
    spaceId: j % 4 === 3 ? (SPACES[1 + (j % 6)] ?? SPACE) : SPACE,
    personKind: 'member',
    personId: uuidOf(1, i),
    cardId: cardsOf(i)[0]?.id ?? '',
    method: j % 3 === 0 ? 'serial' : 'wedge',
    checkInAt,
    checkOutAt: checkInAt + 2 * HOUR + ((j * 31) % (7 * HOUR)),
    checkOutMethod: j % 3 === 0 ? 'serial' : 'wedge',
    kioskId: 'bench-kiosk',
  };
}

/** What a tap of member i's card must do, given who is in. */
export interface PlannedTap {
  member: number;
  expected: 'checked-in' | 'checked-out';
}

/**
 * `count` taps of distinct active members: three in ten (every tenth-ish) of someone in the
 * building (a check-out), the rest of someone out (a check-in). Deterministic.
 */
export function planTaps(count: number, members: number): PlannedTap[] {
  const taps: PlannedTap[] = [];
  const used = new Set<number>();
  let inside = 7;
  let outside = 1;
  for (let t = 0; t < count; t++) {
    const checkOut = t % 10 === 2 || t % 10 === 5 || t % 10 === 8;
    if (checkOut) {
      while (!isInBuilding(inside) || used.has(inside)) inside += IN_BUILDING_EVERY;
      if (inside >= members) throw new Error('not enough members in the building for the taps');
      used.add(inside);
      taps.push({ member: inside, expected: 'checked-out' });
    } else {
      outside = (outside + 7_001) % members;
      while (used.has(outside) || isInBuilding(outside) || !memberOf(outside).isActive) {
        outside = (outside + 1) % members;
      }
      used.add(outside);
      taps.push({ member: outside, expected: 'checked-in' });
    }
  }
  return taps;
}
