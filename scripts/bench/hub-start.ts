/**
 * `npm run bench:hub-start`: how long an operator waits for the hub (decision 0051) — a serving
 * hub from its spawn to its `listening` line, and an admin command (`kiosk list`) from its spawn
 * to its exit — started from the bundle `npm run hub` runs (`node --enable-source-maps
 * dist/hub/hub.js`, built first) and, for comparison, from the sources through tsx (`node
 * --import tsx scripts/hub.ts`, how `npm run hub` started it before). The two alternate run by
 * run over one migrated SQLite file in a temporary folder; each hub is stopped before the next
 * starts. Those two leave out `npm`'s own start and the build; a third figure is the whole of what
 * an operator types, `npm run -s hub -- kiosk list` (npm, the build, the command).
 *
 * Run alone: `npx tsx scripts/bench/hub-start.ts [--runs N]` (default 7). Last line:
 * `{"bundle_start_p50_ms": …, "bundle_command_p50_ms": …, "tsx_start_p50_ms": …,
 * "tsx_command_p50_ms": …, "npm_command_p50_ms": …, "runs": …}`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildHub, HUB_NODE_ARGS, REPO_ROOT } from '#hub/test-support/hub-command';
import { runBench } from '../bench-lifecycle';
import { summarize } from '../bench-stats';

const WAYS = {
  bundle: HUB_NODE_ARGS,
  tsx: ['--import', 'tsx', 'scripts/hub.ts'],
} as const;
type Way = keyof typeof WAYS;

/** Milliseconds from spawning `args` (of node, or of `program`) to its exit; rejects on a non-zero exit. */
async function command(args: readonly string[], program = process.execPath): Promise<number> {
  const t0 = performance.now();
  const child = spawn(program, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${String(code)}`);
  return performance.now() - t0;
}

/** Milliseconds from spawning a serving hub to its `listening` line; the hub is then stopped. */
async function serve(args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = once(child, 'exit');
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if ((JSON.parse(line) as { event?: string }).event === 'listening') {
        return performance.now() - t0;
      }
    }
    throw new Error('the hub exited before listening');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

await runBench(async (teardown) => {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  buildHub();
  const dir = mkdtempSync(join(tmpdir(), 'bench-hub-start-'));
  teardown.add(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const db = ['--db', `sqlite:${join(dir, 'hub.sqlite')}`];
  // The database is created and migrated once, before anything is timed.
  await command([...WAYS.bundle, 'kiosk', 'list', ...db]);
  const samples: Record<`${Way}_${'start' | 'command'}` | 'npm_command', number[]> = {
    bundle_start: [],
    bundle_command: [],
    tsx_start: [],
    tsx_command: [],
    npm_command: [],
  };
  for (let run = 1; run <= runs; run++) {
    for (const way of ['bundle', 'tsx'] as const) {
      const start = await serve([...WAYS[way], ...db]);
      const admin = await command([...WAYS[way], 'kiosk', 'list', ...db]);
      samples[`${way}_start`].push(start);
      samples[`${way}_command`].push(admin);
      console.log(
        `run ${run} ${way}: serving after ${start.toFixed(0)} ms, command ${admin.toFixed(0)} ms`,
      );
    }
    const typed = await command(['run', '-s', 'hub', '--', 'kiosk', 'list', ...db], 'npm');
    samples.npm_command.push(typed);
    console.log(`run ${run} npm run hub -- kiosk list: ${typed.toFixed(0)} ms`);
  }
  const p50 = (xs: number[]) => Math.round(summarize(xs).p50);
  console.log(
    JSON.stringify({
      bundle_start_p50_ms: p50(samples.bundle_start),
      bundle_command_p50_ms: p50(samples.bundle_command),
      tsx_start_p50_ms: p50(samples.tsx_start),
      tsx_command_p50_ms: p50(samples.tsx_command),
      npm_command_p50_ms: p50(samples.npm_command),
      runs,
    }),
  );
});
