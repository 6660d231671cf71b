import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../i18n/catalogues';
import { importWords } from './import-words';

const failed = (code: string) => importWords({ ok: false, code, message: 'any' });

describe('importWords', () => {
  it('says what a good import changed', () => {
    expect(
      importWords({ ok: true, imported: 2, changed: 1, removed: 0, unchanged: 3, skipped: 0 }),
    ).toEqual({
      key: 'feeds.imported',
      values: { imported: 2, changed: 1, removed: 0, unchanged: 3 },
    });
  });

  it('says why an import failed, with a catalogue line for every failure', () => {
    expect(failed('feed-unreachable').key).toBe('feeds.importFailed.unreachable');
    expect(failed('feed-redirect-loop').key).toBe('feeds.importFailed.redirect');
    expect(failed('something-new').key).toBe('feeds.importFailed.other');
    const lines = CATALOGUES.en.feeds.importFailed as Record<string, string>;
    expect(failed('feed-private-address').key).toBe('feeds.importFailed.privateAddress');
    for (const code of [
      'feed-unreachable',
      'feed-private-address',
      'feed-timeout',
      'feed-http-status',
      'feed-too-large',
      'feed-redirect-invalid',
      'feed-malformed',
      'feed-empty',
      'other',
    ]) {
      expect(lines[failed(code).key.replace('feeds.importFailed.', '')]).toBeTruthy();
    }
  });
});
