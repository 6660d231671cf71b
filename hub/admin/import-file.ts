import { readFileSync, statSync } from 'node:fs';
import { err, ok, type Result } from '#shared/result';

/** Import files beyond this are refused unread: a members list of 100 000 rows is ≈ 10 MB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * The text of an import file. Errors say why (its code and Node's message, which names the path),
 * never what it holds; a device or a directory is refused before it is read (`/dev/zero` would
 * never end), and so is a file over `maxBytes` (default MAX_IMPORT_BYTES).
 */
export function readImportFile(path: string, maxBytes = MAX_IMPORT_BYTES): Result<string> {
  try {
    const info = statSync(path);
    if (!info.isFile()) return err({ code: 'import-unreadable', message: 'not a regular file' });
    if (info.size > maxBytes) {
      return err({
        code: 'import-unreadable',
        message: `${info.size} bytes, more than ${maxBytes}`,
      });
    }
    return ok(readFileSync(path, 'utf8'));
  } catch (e) {
    return err({ code: 'import-unreadable', message: (e as Error).message });
  }
}
