import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLogFiles } from './log-files';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function logDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'log-files-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('collectLogFiles', () => {
  it('lists the rotated files oldest first and main.log last, ignoring other files', async () => {
    const dir = await logDir({
      'main.log': 'now\n',
      'main.1.log': 'before\n',
      'main.3.log': 'long ago\n',
      'main.2.log': 'earlier\n',
      'renderer.log': 'not ours\n',
      'main.log.bak': 'not ours\n',
    });
    expect(await collectLogFiles(dir)).toEqual([
      { name: 'main.3.log', text: 'long ago\n' },
      { name: 'main.2.log', text: 'earlier\n' },
      { name: 'main.1.log', text: 'before\n' },
      { name: 'main.log', text: 'now\n' },
    ]);
  });

  it('keeps the newest bytes within the cap, the oldest kept file from a whole line', async () => {
    const dir = await logDir({
      'main.log': 'line 5\nline 6\n',
      'main.1.log': 'line 3\nline 4\n',
      'main.2.log': 'line 1\nline 2\n',
    });
    // 14 bytes of main.log, then 10 of main.1.log's 14: its first line is cut, so dropped.
    expect(await collectLogFiles(dir, 24)).toEqual([
      { name: 'main.1.log', text: 'line 4\n' },
      { name: 'main.log', text: 'line 5\nline 6\n' },
    ]);
    expect(await collectLogFiles(dir, 14)).toEqual([
      { name: 'main.log', text: 'line 5\nline 6\n' },
    ]);
  });

  it('resolves [] for a missing folder', async () => {
    expect(await collectLogFiles(join(tmpdir(), 'no-such-log-folder-h3'))).toEqual([]);
  });
});
