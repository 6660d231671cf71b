import { describe, expect, it } from 'vitest';
import { MAX_CSV_CHARS, readCsvFile } from './csv-file';

describe('readCsvFile', () => {
  it('reads a file within the limit, as UTF-8', async () => {
    const csv = 'id,displayName,homeSpaceId,cardIds,active\nm1,Zoë Lefèvre,mons,,true\n';
    expect(await readCsvFile(new Blob([csv]))).toEqual({ ok: true, text: csv });
  });

  it('takes a file of exactly the limit and refuses one character more', async () => {
    expect(await readCsvFile(new Blob(['a'.repeat(MAX_CSV_CHARS)]))).toMatchObject({ ok: true });
    expect(await readCsvFile(new Blob(['a'.repeat(MAX_CSV_CHARS + 1)]))).toEqual({
      ok: false,
      reason: 'tooBig',
    });
  });

  it('refuses a file too large to read before reading it', async () => {
    let isRead = false;
    const huge = new Blob([new Uint8Array(MAX_CSV_CHARS * 4 + 1)]);
    const watched = { size: huge.size, text: () => ((isRead = true), huge.text()) };
    expect(await readCsvFile(watched)).toEqual({ ok: false, reason: 'tooBig' });
    expect(isRead).toBe(false);
  });

  it('says when a file is empty or cannot be read', async () => {
    expect(await readCsvFile(new Blob([' \n\n']))).toEqual({ ok: false, reason: 'empty' });
    // A file removed from the disk after it was picked: the browser's read fails.
    const gone = {
      size: 10,
      text: () => Promise.reject(new DOMException('gone', 'NotFoundError')),
    };
    expect(await readCsvFile(gone)).toEqual({
      ok: false,
      reason: 'unreadable',
    });
  });
});
