import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type ICAL from 'ical.js';
import { expect } from 'vitest';
import { expandFeed, type ExpandOptions, type FeedOccurrence } from '../expand-feed';
import { parseFeed, type ParsedFeed } from '../parse-feed';

/** The text of `hub/agenda/fixtures/<name>`. */
export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
}

/** `text` parsed; fails the test (with the parser's message) when it does not parse. */
export function parsed(text: string): ParsedFeed {
  const result = parseFeed(text);
  if (!result.ok) expect.fail(result.error.message);
  return result.value;
}

/** The whole of 2026 and January 2027, epoch ms. */
export const YEAR_2026 = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 1, 1) } as const;

/** A fixture's occurrences over 2026, floating times in Paris unless `options` says otherwise. */
export function occurrencesOf(
  name: string,
  options: ExpandOptions = { floatingZone: 'Europe/Paris' },
): FeedOccurrence[] {
  return expandFeed(parsed(fixtureText(name)), YEAR_2026, options);
}

/** ISO 8601 UTC to the second, as `feeds check` prints it. */
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The first `max` instances ical.js's RecurIterator gives for `rule` from `start`, as text. */
export function icalInstances(rule: ICAL.Recur, start: ICAL.Time, max: number): string[] {
  const iterator = rule.iterator(start.clone());
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    // ical.js types next() as always a Time; it returns null once the rule is exhausted.
    const next = iterator.next() as ICAL.Time | null;
    if (!next) break;
    out.push(next.toString());
  }
  return out;
}
