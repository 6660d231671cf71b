/**
 * Made-up but realistic visitors for `npm run bench:walkin`: French, Dutch and English first
 * names, real surnames of the Belgian–French border region (common ones repeat, as in life), and
 * as many built ones so that the table holds tens of thousands of distinct people; emails at a
 * handful of domains. Deterministic (seeded PRNG): every run searches the same data. Also makes
 * the search queries a host types: surname prefixes, "first name + surname start", email starts,
 * and a quarter with one small typo (swap, missing, extra or wrong letter).
 */
import type { SeedPerson } from './bench-walkin-page';

const FIRST = (
  'Marie Sophie Julie Camille Léa Manon Emma Chloé Sarah Laura Anaïs Zoé Inès Elise Lotte Fien ' +
  'Noor Lien Eva Hanne Sofie Annelies Griet Katrien Emily Olivia Jessica Hannah Charlotte Lucy ' +
  'Jean Pierre Luc Marc Thomas Nicolas Julien Maxime Antoine Hugo Louis Arthur Lucas Noah Jules ' +
  'Pieter Jan Bram Wouter Jeroen Stijn Koen Joris Sander Thijs Daan James Oliver Harry George ' +
  'Jack William Daniel Michael David Benoît François Gaëlle Émilie Françoise Jérôme Stéphane'
).split(' ');

const SURNAMES = (
  'Dupont Dubois Lambert Martin Leroy Lefèvre Lemaire Renard Dumont Mertens Peeters Janssens ' +
  'Maes Jacobs Willems Claes Goossens Wouters Vermeulen Desmet Declercq Verstraete Dupuis ' +
  'Lejeune Lecomte Simon Laurent Michel Denis Hermans Lemmens Smet Van Damme Vandenberghe ' +
  'De Backer Vandamme Bogaert Moreau Fontaine Rousseau Mercier Blanc Guerin Muller Henry ' +
  'Roussel Nicolas Perrin Morel Girard Andre Gauthier Fournier Robert Richard Petit Durand ' +
  'Smith Jones Taylor Brown Williams Wilson Johnson Davies Evans Thomas Roberts Walker Wright'
).split(/ (?=[A-Z])/);

const ONSETS = ['Van', 'Ver', 'De', 'Le', 'Ma', 'Bo', 'Ro', 'Ge', 'Wi', 'Ha', 'Ke', 'Mo', 'Du'];
const MIDDLES = [
  'ber',
  'lin',
  'den',
  'mar',
  'ste',
  'hou',
  'gel',
  'bri',
  'kas',
  'tor',
  'nie',
  'qui',
];
const CODAS = ['ghe', 'ens', 'ier', 'mans', 'aert', 'ot', 'eau', 'ckx', 'ault', 'ers', 'in', 'y'];
const DOMAINS = ['example.be', 'example.fr', 'example.nl', 'example.com', 'mail.example'];
const COMPANIES = ['Acme', 'Grenswerk', 'Hainaut Digital', 'Lille Data', 'Studio Mons', ''];

/** mulberry32: a small seeded PRNG, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function builtSurname(r: () => number): string {
  return pick(r, ONSETS) + pick(r, MIDDLES) + pick(r, CODAS);
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');
}

/** `count` visitors, the same for the same seed. */
export function makePeople(count: number, seed = 42): SeedPerson[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const firstName = pick(r, FIRST);
    const lastName = r() < 0.5 ? pick(r, SURNAMES) : builtSurname(r);
    const company = pick(r, COMPANIES);
    return {
      firstName,
      lastName,
      ...(r() < 0.8
        ? { email: `${ascii(firstName)}.${ascii(lastName)}${i % 97}@${pick(r, DOMAINS)}` }
        : {}),
      ...(company === '' ? {} : { company }),
    };
  });
}

function typo(r: () => number, word: string): string {
  const chars = Array.from(word);
  const at = 1 + Math.floor(r() * (chars.length - 1));
  const letter = String.fromCharCode(97 + Math.floor(r() * 26));
  switch (Math.floor(r() * 4)) {
    case 0: {
      const a = chars[at - 1] ?? '';
      chars[at - 1] = chars[at] ?? '';
      chars[at] = a;
      break;
    }
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, letter);
      break;
    default:
      chars[at] = letter;
  }
  return chars.join('');
}

/** `count` queries a host would type for people in `people` (see the module comment). */
export function makeQueries(people: readonly SeedPerson[], count: number, seed = 7): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const p = pick(r, people);
    const last = p.lastName.replace(/\s+/g, '');
    const len = 3 + Math.floor(r() * 4);
    const roll = r();
    if (roll < 0.4) return last.slice(0, len);
    if (roll < 0.6) return `${p.firstName} ${last.slice(0, 3)}`;
    if (roll < 0.75 && p.email !== undefined) return p.email.slice(0, 4 + Math.floor(r() * 5));
    return typo(r, last.slice(0, Math.max(4, len + 1)));
  });
}
