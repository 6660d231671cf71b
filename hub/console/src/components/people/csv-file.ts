/**
 * A members CSV picked in the browser, read as text and held to the API's limit
 * (hub/people/import-routes.ts, MAX_CONSOLE_IMPORT_CHARS): a file over it is refused here, before
 * anything is sent, with a reason the page says in words. Larger files go through the CLI.
 */

/** The most characters the console's import takes (the API's bound). */
export const MAX_CSV_CHARS = 1_000_000;
/** UTF-8 spends at most 4 bytes on a character: a file above this cannot fit, unread. */
const MAX_CSV_BYTES = MAX_CSV_CHARS * 4;

/** A file read, or why it was not. */
export type CsvFile =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'tooBig' | 'empty' | 'unreadable' };

/**
 * Reads `file` as UTF-8 text. Never rejects: a file over the limit (by size, then by characters)
 * is `too-big`, one without a visible character `empty`, one the browser cannot read `unreadable`.
 */
export async function readCsvFile(file: Pick<Blob, 'size' | 'text'>): Promise<CsvFile> {
  if (file.size > MAX_CSV_BYTES) return { ok: false, reason: 'tooBig' };
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (text.length > MAX_CSV_CHARS) return { ok: false, reason: 'tooBig' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, text };
}
