import { readdir, readFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { LOG_UPLOAD_LIMITS, type LogFile } from '#shared/sync/log-upload';
import { LOG_FILE_NAME } from './kiosk-log';

/**
 * Main's log files in `dir`, as an upload carries them (decision 0041): the rotated ones oldest
 * first (`main.3.log`, `main.2.log`, `main.1.log`), the current `main.log` last, holding the
 * newest `maxBytes` of text together (UTF-8 bytes, LOG_UPLOAD_LIMITS.maxBytes by default): older
 * files are left out, and the oldest one kept may start mid-file, at a line's start. Files that
 * vanish while read (a rotation) are skipped. Resolves [] when there is no log; never rejects for
 * a missing folder, rejects on another read error.
 */
export async function collectLogFiles(
  dir: string,
  maxBytes: number = LOG_UPLOAD_LIMITS.maxBytes,
): Promise<LogFile[]> {
  const { name, ext } = parse(LOG_FILE_NAME);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const rotated = new RegExp(`^${name}\\.(\\d{1,3})${ext.replace('.', '\\.')}$`);
  const order = names
    .flatMap((n) => {
      if (n === LOG_FILE_NAME) return [{ n, rank: 0 }];
      const m = rotated.exec(n);
      return m ? [{ n, rank: Number(m[1]) }] : [];
    })
    // Newest first while filling the budget; reversed at the end.
    .sort((a, b) => a.rank - b.rank);
  const kept: LogFile[] = [];
  let budget = maxBytes;
  for (const { n } of order) {
    if (budget <= 0 || kept.length >= LOG_UPLOAD_LIMITS.maxFiles) break;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    kept.push({ name: n, text: newestPart(bytes, budget) });
    budget -= Math.min(bytes.length, budget);
  }
  return kept.reverse().filter((f) => f.text !== '' || f.name === LOG_FILE_NAME);
}

/** The last `budget` bytes of `bytes` as text, from the first whole line within them. */
function newestPart(bytes: Buffer, budget: number): string {
  if (bytes.length <= budget) return bytes.toString('utf8');
  const tail = bytes.subarray(bytes.length - budget);
  const newline = tail.indexOf(0x0a);
  return newline === -1 ? '' : tail.subarray(newline + 1).toString('utf8');
}
