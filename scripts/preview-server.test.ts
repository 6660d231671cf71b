import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startPreview, type Preview } from './preview-server';

const started: Preview[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of started.splice(0)) await p.stop();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function builtPage(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'preview-test-'));
  dirs.push(dir);
  await writeFile(join(dir, 'index.html'), `<!doctype html><title>${text}</title>`);
  return dir;
}

describe('startPreview', () => {
  test('serves each build on a port of its own, and stops', async () => {
    const a = await startPreview(await builtPage('build a'));
    started.push(a);
    const b = await startPreview(await builtPage('build b'));
    started.push(b);
    expect(a.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.origin).not.toBe(a.origin);
    expect(await (await fetch(`${a.origin}/`)).text()).toContain('build a');
    expect(await (await fetch(`${b.origin}/`)).text()).toContain('build b');
    await a.stop();
    await a.stop();
    await expect(fetch(`${a.origin}/`)).rejects.toThrow();
    expect((await fetch(`${b.origin}/`)).ok).toBe(true);
  }, 60_000);
});
