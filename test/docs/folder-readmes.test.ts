import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { folderReadmeProblems, namedPaths } from './folder-readmes';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('folder READMEs', () => {
  it('exist for every folder of electron/, renderer/src/, shared/, hub/ and name only what exists', () => {
    expect(folderReadmeProblems(repo)).toEqual([]);
  });

  describe('the check itself', () => {
    let root = '';
    afterEach(() => {
      rmSync(root, { recursive: true, force: true });
    });
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    const fakeRepo = () => {
      root = mkdtempSync(path.join(tmpdir(), 'readmes-'));
      for (const dir of [
        'electron',
        'renderer/src',
        'shared',
        'hub',
        'renderer',
        'e2e',
        'scripts',
        'test',
        'docs',
        'build',
      ]) {
        write(`${dir}/README.md`, '# ok\n');
      }
      write('README.md', '# top\n');
    };

    it('finds a folder without a README, a stale name and an unnamed file', () => {
      fakeRepo();
      write('hub/store/store.ts', 'export {};\n');
      write('shared/README.md', 'Files: `gone.ts`, `card/`.\n');
      write('shared/card/card-id.ts', 'export {};\n');
      write('shared/card/card-id.test.ts', 'export {};\n');
      write('shared/card/README.md', 'Nothing named.\n');
      expect(folderReadmeProblems(root)).toEqual(
        expect.arrayContaining([
          { folder: 'hub', problem: 'does not name store/' },
          { folder: 'hub/store', problem: 'has no README.md' },
          { folder: 'shared', problem: 'names `gone.ts`, which does not exist' },
          { folder: 'shared/card', problem: 'does not name card-id.ts' },
        ]),
      );
      expect(folderReadmeProblems(root)).not.toContainEqual({
        folder: 'shared/card',
        problem: 'does not name card-id.test.ts',
      });
    });

    it('is satisfied when every folder is described', () => {
      fakeRepo();
      write('hub/README.md', '`store/` holds `store/store.ts`.\n');
      write('hub/store/README.md', '| `store.ts` | the interface |\n');
      write('hub/store/store.ts', 'export {};\n');
      expect(folderReadmeProblems(root)).toEqual([]);
    });
  });

  it('takes repository paths from backticks, not commands, URLs or run-time files', () => {
    expect(
      namedPaths(
        '`main/index.ts`, `npm test`, `https://x.example/a.md`, `kiosk.json`, `dist/main/index.js`, `sync/`',
      ),
    ).toEqual(['main/index.ts', 'sync/']);
  });
});
