import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';

/** Runs bench-lifecycle.fixture.ts in its own Node process, as `tsx` runs the benchmarks. */
function runFixture(mode: 'end' | 'throw' | 'wait') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench-lifecycle.fixture.ts', mode],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const lineReader = createInterface({ input: child.stdout });
  const started = new Promise<number[]>((resolve, reject) => {
    lineReader.on('line', (line) => {
      lines.push(line);
      const m = /^started (\d+) (\d+)$/.exec(line);
      if (m) resolve([Number(m[1]), Number(m[2])]);
    });
    child.once('exit', () => {
      reject(new Error(`the fixture ended before starting: ${lines.join(' | ')}`));
    });
  });
  // 'close', not 'exit': every line the fixture printed has been read by then.
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, lines, started, exited };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runBench', () => {
  test.each([
    ['ends', 'end', 0],
    ['throws', 'throw', 1],
  ] as const)(
    'stops what the benchmark started, last first, when it %s',
    async (_, mode, code) => {
      const run = runFixture(mode);
      const [first, second] = await run.started;
      const [exitCode] = await run.exited;
      expect(exitCode).toBe(code);
      expect(run.lines.filter((l) => l.startsWith('stopped'))).toEqual([
        `stopped ${String(second)}`,
        `stopped ${String(first)}`,
      ]);
      expect([first, second].map((pid) => isAlive(pid ?? -1))).toEqual([false, false]);
    },
    30_000,
  );

  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'stops what the benchmark started on %s, then exits with %i',
    async (signal, code) => {
      const run = runFixture('wait');
      const [first, second] = await run.started;
      expect([first, second].map((pid) => isAlive(pid ?? -1))).toEqual([true, true]);
      run.child.kill(signal);
      const [exitCode] = await run.exited;
      expect(exitCode).toBe(code);
      expect(run.lines.filter((l) => l.startsWith('stopped'))).toHaveLength(2);
      expect([first, second].map((pid) => isAlive(pid ?? -1))).toEqual([false, false]);
    },
    30_000,
  );
});
