/**
 * `npx tsx scripts/bench-agenda-expand.ts [--runs N]`: parse + expand alone (no storage, no
 * network) of one feed of 5 000 events, a quarter of them recurring (bench-agenda-feed.ts, seed
 * 11), over the hub's rolling window (1 month back, 12 months ahead from 1 March 2026). Each run
 * parses the text afresh and expands it; the feeds import adds storage on top (its own bench).
 * Prints one line per run, then one JSON object: the median run's figures. `--by-rule` also
 * prints, per kind of rule (RRULE less COUNT and UNTIL), the expansion's CPU time (the least of
 * the runs): what found the first-Tuesday rules costing ical.js eight times the weekly ones per
 * occurrence.
 */
import { parseArgs } from 'node:util';
import { expandFeed } from '#hub/agenda/expand-feed';
import { parseFeed } from '#hub/agenda/parse-feed';
import { generateFeed } from './bench-agenda-feed';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, 'by-rule': { type: 'boolean' } },
});
const runs = Math.max(1, Number(values.runs));
const EVENTS = 5000;
const start = Date.UTC(2026, 2, 1);
const window = { from: start - 30 * 86_400_000, to: start + 365 * 86_400_000 };
const text = generateFeed({ events: EVENTS, recurringShare: 0.25, seed: 11, start });

const results: { parseMs: number; expandMs: number; occurrences: number }[] = [];
for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  const feed = parseFeed(text);
  if (!feed.ok) throw new Error(feed.error.message);
  const t1 = performance.now();
  const occurrences = expandFeed(feed.value, window, { floatingZone: 'Europe/Brussels' });
  const t2 = performance.now();
  results.push({ parseMs: t1 - t0, expandMs: t2 - t1, occurrences: occurrences.length });
  process.stdout.write(
    `run ${run + 1}: parse ${(t1 - t0).toFixed(0)} ms, expand ${(t2 - t1).toFixed(0)} ms, ` +
      `${occurrences.length} occurrences, ${(EVENTS / ((t2 - t0) / 1000)).toFixed(0)} events/s\n`,
  );
}
if (values['by-rule']) {
  const feed = parseFeed(text);
  if (!feed.ok) throw new Error(feed.error.message);
  const kinds = new Map<string, typeof feed.value.series>();
  for (const series of feed.value.series) {
    const rule = String(series.master?.getFirstPropertyValue('rrule') ?? 'single');
    const kind = rule.replace(/;(COUNT|UNTIL)=[^;]*/g, '');
    kinds.set(kind, [...(kinds.get(kind) ?? []), series]);
  }
  for (const [kind, series] of kinds) {
    let cpuMs = Number.POSITIVE_INFINITY;
    let count = 0;
    for (let run = 0; run < runs; run++) {
      const before = process.cpuUsage();
      count = expandFeed({ ...feed.value, series }, window, {
        floatingZone: 'Europe/Brussels',
      }).length;
      const used = process.cpuUsage(before);
      cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
    }
    process.stdout.write(
      `${kind}: ${series.length} series, ${count} occurrences, expanded in ${cpuMs.toFixed(0)} ms of CPU\n`,
    );
  }
}
const median = [...results].sort((a, b) => a.parseMs + a.expandMs - (b.parseMs + b.expandMs))[
  Math.floor(results.length / 2)
];
if (!median) throw new Error('no run');
const totalS = (median.parseMs + median.expandMs) / 1000;
process.stdout.write(
  `${JSON.stringify({
    feed_chars: text.length,
    events: EVENTS,
    occurrences: median.occurrences,
    parse_ms: Math.round(median.parseMs),
    expand_ms: Math.round(median.expandMs),
    parse_expand_events_per_s: Math.round(EVENTS / totalS),
  })}\n`,
);
