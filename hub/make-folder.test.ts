import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolderSync } from './make-folder';

describe('makeFolderSync', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'make-folder-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes every missing folder down to the path, and leaves an existing one alone', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeFolderSync(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolderSync(deep);
    makeFolderSync(dir);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('throws ENOTDIR for a file, and for a path under a file', () => {
    writeFileSync(join(dir, 'file'), 'x');
    for (const path of [join(dir, 'file', 'sub'), join(dir, 'file')]) {
      expect(() => {
        makeFolderSync(path);
      }).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    }
  });

  it('throws at once under /proc, where a recursive mkdir of Node 20 never returns', () => {
    expect(() => {
      makeFolderSync('/proc/coffee-nope/deeper');
    }).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
