import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** scripts/lanes.sh, sourced by a real bash as test.sh does, running real lanes. */
const LANES = fileURLToPath(new URL('./lanes.sh', import.meta.url));

function run(script: string): { status: number | null; stdout: string } {
  const r = spawnSync('bash', ['-c', `set -euo pipefail; source '${LANES}'; ${script}`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout };
}

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('side_by_side', () => {
  it('shows every lane that passed, in order, and succeeds', () => {
    const r = run(`side_by_side 'a=echo one' 'b=sleep 0.2; echo two'`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('--- a: passed\none\n--- b: passed\ntwo\n');
  });

  it('shows a failed lane after those that passed and names it again on the last line', () => {
    const r = run(
      `side_by_side 'lint=echo broken >&2; exit 3' 'kiosk=echo 103 passed' 'console=false'; echo unreachable`,
    );
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      '--- kiosk: passed',
      '103 passed',
      '--- lint: FAILED',
      'broken',
      '--- console: FAILED',
      '--- FAILED: lint (its output is above)',
      '--- FAILED: console (its output is above)',
      '',
    ]);
  });

  it('stops every lane, and what each started, when the run is interrupted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'coffee-lanes-'));
    const marker = join(dir, 'late');
    const script = `side_by_side 'a=sleep 1; touch ${marker}-a' 'b=(sleep 1; touch ${marker}-b) & wait'`;
    const child = spawn('bash', ['-c', `set -euo pipefail; source '${LANES}'; ${script}`], {
      stdio: 'ignore',
    });
    const ended = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    expect(await ended).toBe(130);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(existsSync(`${marker}-a`)).toBe(false);
    expect(existsSync(`${marker}-b`)).toBe(false);
  });
});
