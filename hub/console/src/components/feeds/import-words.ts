import type { ImportResult } from '../../api/feeds';
import type { Words } from '../../api/error-words';

/** Catalogue keys (under `feeds.importFailed.`) of the hub's import failure codes. */
const FAILED: Readonly<Record<string, string>> = {
  'feed-unreachable': 'unreachable',
  'feed-private-address': 'privateAddress',
  'feed-timeout': 'timeout',
  'feed-http-status': 'http',
  'feed-too-large': 'tooLarge',
  'feed-redirect-invalid': 'redirect',
  'feed-redirect-loop': 'redirect',
  'feed-too-many-redirects': 'redirect',
  'feed-malformed': 'malformed',
  'feed-empty': 'empty',
};

/**
 * An import's result in words: what changed, or why it failed (an unknown code reads as "did
 * not work"; no code reaches the screen).
 */
export function importWords(result: ImportResult): Words {
  if (!result.ok) return { key: `feeds.importFailed.${FAILED[result.code] ?? 'other'}` };
  const { imported, changed, removed, unchanged } = result;
  return { key: 'feeds.imported', values: { imported, changed, removed, unchanged } };
}
