import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { LogFile } from '#shared/sync/log-upload';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * An upload as one text, as the operator downloads it: each file under a header line naming it,
 * in the order sent (oldest first, the current file last).
 */
export function joinLogFiles(files: readonly LogFile[]): string {
  return files
    .map((f) => `===== ${f.name} =====\n${f.text}${f.text.endsWith('\n') ? '' : '\n'}`)
    .join('');
}

/** `text` gzipped, as the store keeps it. */
export async function packLog(text: string): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(Buffer.from(text, 'utf8')));
}

/** The text of a stored upload. Rejects when the content is not gzip (a row edited by hand). */
export async function unpackLog(content: Uint8Array): Promise<string> {
  return (await gunzipAsync(content)).toString('utf8');
}

/** The download's file name: `<kiosk>-<UTC instant>.log`, safe in a header and on every OS. */
export function logFileName(kioskId: string, receivedAt: number): string {
  const at = new Date(receivedAt).toISOString().replace(/[:.]/g, '-');
  return `${kioskId}-${at}.log`;
}
