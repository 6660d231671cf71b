import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivedForms, enrolmentKeys } from '#shared/card/card-id';
import { DEMO_CARDS, DEMO_MEMBERS } from '#shared/demo/demo-data';

/**
 * Every seeded person's data the kiosk e2e suite may have put before main (decision 0041): the
 * demo members (shared/demo: names, cards) and what the specs create, read from their sources —
 * the values of `first`, `last`, `firstName`, `lastName`, `displayName` keys, every e-mail
 * literal, every `phone` value and every card id literal (`card`, `cardIds`, `canonical`) — each
 * card with all its derived forms (shared/card: canonical, EM4100 hex, 10-digit decimal,
 * Wiegand-26 view, index keys).
 */

/** One thing that must never be found in a log, with whose and what it is. */
export interface Seed {
  readonly value: string;
  /** e.g. `Griselda Vanderkerckhove's name`, `a demo card (4B00423C15) as dec10`. */
  readonly what: string;
}

const NAME_KEYS = /\b(first|last|firstName|lastName|displayName)\s*:\s*'([^'\n]{2,60})'/g;
const EMAIL = /'([^'\s@]+@[^'\s@]+\.[a-z]{2,})'/g;
const PHONE = /\bphone\s*:\s*'([^'\n]{6,30})'/g;
const CARD = /\b(?:card|cardIds|canonical)\s*:\s*\[?\s*'([0-9A-Fa-f]{8,20})'/g;

/** A card's canonical id and every form it is typed, read or indexed in. */
export function cardSeeds(canonical: string, whose: string): Seed[] {
  const forms = derivedForms(canonical);
  const values = new Map<string, string>([[canonical, 'canonical']]);
  if (forms !== null) {
    values.set(forms.dec10, 'dec10');
    values.set(forms.w26, 'w26');
    if (forms.em4100Hex !== undefined) values.set(forms.em4100Hex, 'EM4100 hex');
  }
  for (const key of enrolmentKeys(canonical)) {
    // Partial keys (a few low digits) are too short to mean anything alone in a log.
    if (key.length >= 8 && !values.has(key)) values.set(key, 'index key');
  }
  return [...values].map(([value, form]) => ({
    value,
    what: `${whose} card (${canonical}) as ${form}`,
  }));
}

/** The demo members' names and cards. */
export function demoSeeds(): Seed[] {
  return [
    ...DEMO_MEMBERS.map((m) => ({ value: m.displayName, what: `${m.displayName}'s name` })),
    ...DEMO_CARDS.flatMap((c) => cardSeeds(c.canonical, `${c.memberName}'s`)),
  ];
}

/** The people one spec source creates (see the header). */
export function sourceSeeds(source: string, file: string): Seed[] {
  const seeds: Seed[] = [];
  for (const m of source.matchAll(NAME_KEYS)) {
    const value = m[2] ?? '';
    // A one- or two-letter placeholder ('A') would match everywhere and names nobody.
    if (value.length >= 3) seeds.push({ value, what: `a name in ${file} (${m[1] ?? ''})` });
  }
  for (const m of source.matchAll(EMAIL))
    seeds.push({ value: m[1] ?? '', what: `an e-mail in ${file}` });
  for (const m of source.matchAll(PHONE)) {
    const value = m[1] ?? '';
    seeds.push({ value, what: `a phone number in ${file}` });
    const digits = value.replace(/\D/g, '');
    if (digits !== value) seeds.push({ value: digits, what: `a phone number in ${file} (digits)` });
  }
  for (const m of source.matchAll(CARD)) seeds.push(...cardSeeds(m[1] ?? '', `a card in ${file}:`));
  return seeds;
}

/** The kiosk e2e suite's sources: `e2e/*.ts` and `e2e/support/*.ts` (not the console's). */
export function kioskSpecSources(repoRoot: string): { file: string; text: string }[] {
  return ['e2e', join('e2e', 'support')].flatMap((dir) =>
    readdirSync(join(repoRoot, dir))
      .filter((n) => n.endsWith('.ts'))
      .map((n) => ({ file: join(dir, n), text: readFileSync(join(repoRoot, dir, n), 'utf8') })),
  );
}

/** Every seed of the demo data and the kiosk specs, each value once. */
export function allSeeds(repoRoot: string): Seed[] {
  const byValue = new Map<string, Seed>();
  const all = [
    ...demoSeeds(),
    ...kioskSpecSources(repoRoot).flatMap((s) => sourceSeeds(s.text, s.file)),
  ];
  for (const seed of all) if (!byValue.has(seed.value)) byValue.set(seed.value, seed);
  return [...byValue.values()];
}

/** A seed found in a log: the file, the line number and the seed. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly seed: Seed;
}

/**
 * Where `text` (a log file) holds a seed. Names match as whole words, case-sensitively (a name is
 * capitalised; `Paul` must not match `pauline`); other values match anywhere.
 */
export function findSeeds(text: string, file: string, seeds: readonly Seed[]): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  const matchers = seeds.map((seed) => ({
    seed,
    test: /name/.test(seed.what)
      ? (line: string) =>
          new RegExp(`(?<![\\p{L}\\p{N}])${escape(seed.value)}(?![\\p{L}\\p{N}])`, 'u').test(line)
      : (line: string) => line.includes(seed.value),
  }));
  lines.forEach((line, i) => {
    for (const m of matchers) if (m.test(line)) findings.push({ file, line: i + 1, seed: m.seed });
  });
  return findings;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
