import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes the folder `path` and the missing folders above it, one `mkdir` each from the top.
 * Node 20's `mkdir(…, { recursive: true })` never returns for a path under a file system that
 * refuses new entries while its parent exists (`/proc/nope`: ENOENT, then EEXIST for the parent,
 * forever); here such a path throws its ENOENT, a path under a file (or a file) ENOTDIR, as any other
 * error of the file system, at once. A folder that already exists is left as it is.
 */
export function makeFolderSync(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  // statSync throws what is not "no entry" (ENOTDIR under a file, EACCES): that is the answer.
  let found = statSync(dir, { throwIfNoEntry: false });
  while (found === undefined) {
    missing.push(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
    found = statSync(dir, { throwIfNoEntry: false });
  }
  if (found !== undefined && !found.isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${resolve(path)}'`), {
      code: 'ENOTDIR',
    });
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (e) {
      // Another process made it in between: as good as made here.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
