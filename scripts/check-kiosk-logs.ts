import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIOSK_LOG_RUN_DIR } from '../e2e/support/kiosk-log-file';
import { allSeeds, findSeeds } from './kiosk-log-seeds';

/**
 * The logs test of issue 13 (decision 0041), run after the kiosk e2e suite (`npm run
 * test:e2e:logs`, a step of scripts/test.sh): reads every log main wrote during the run
 * (test-results/kiosk-main-logs, kept by e2e/support/kiosk-log-file.ts) and fails, naming the
 * person's field and the file and line, when any seeded person's name, e-mail, phone number or
 * card id (in any derived form) is there. It also fails when the logs are too thin to prove
 * anything: no log at all, or no reader, sync or print line.
 */

const REQUIRED: readonly [string, RegExp][] = [
  ['a reader line', /\breader\b/],
  ['a sync line', /\bsync\b|\bheartbeat\b/],
  ['a print line', /\bprint/],
];

function main(): number {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  let names: string[];
  try {
    names = readdirSync(KIOSK_LOG_RUN_DIR).filter((n) => n.endsWith('.log'));
  } catch {
    names = [];
  }
  if (names.length === 0) {
    console.error(`No kiosk log in ${KIOSK_LOG_RUN_DIR}: run the kiosk e2e suite first.`);
    return 1;
  }
  const seeds = allSeeds(repoRoot);
  const texts = names.map((n) => ({
    file: n,
    text: readFileSync(join(KIOSK_LOG_RUN_DIR, n), 'utf8'),
  }));
  const findings = texts.flatMap((t) => findSeeds(t.text, t.file, seeds));
  const all = texts.map((t) => t.text).join('\n');
  const missing = REQUIRED.filter(([, re]) => !re.test(all)).map(([what]) => what);
  for (const f of findings) console.error(`${f.file}:${String(f.line)}: ${f.seed.what} found`);
  if (missing.length > 0)
    console.error(`The kiosk logs have no ${missing.join(', no ')}: too thin to check.`);
  const lines = all.split('\n').filter((l) => l !== '').length;
  console.log(
    `kiosk logs: ${String(names.length)} files, ${String(lines)} lines, ${String(seeds.length)} seeded values sought, ${String(findings.length)} found`,
  );
  return findings.length > 0 || missing.length > 0 ? 1 : 0;
}

process.exitCode = main();
