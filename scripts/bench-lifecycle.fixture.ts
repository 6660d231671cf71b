/**
 * A benchmark for scripts/bench-lifecycle.test.ts: starts two `sleep` child processes through
 * runBench's teardown, prints their pids (`started <pid> <pid>`) and then, by argv[2], ends
 * (`end`), throws (`throw`) or waits to be signalled (`wait`). Each stop prints `stopped <pid>`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runBench, type Teardown } from './bench-lifecycle';

async function startSleeper(teardown: Teardown): Promise<number> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const pid = child.pid ?? -1;
  teardown.add(async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    console.log(`stopped ${String(pid)}`);
  });
  return pid;
}

await runBench(async (teardown) => {
  const first = await startSleeper(teardown);
  const second = await startSleeper(teardown);
  console.log(`started ${String(first)} ${String(second)}`);
  const mode = process.argv[2];
  if (mode === 'throw') throw new Error('the benchmark failed');
  if (mode === 'wait') await new Promise(() => setInterval(() => undefined, 1000));
});
