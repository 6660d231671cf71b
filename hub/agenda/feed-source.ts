import { err, ok, type Result } from '#shared/result';
import { readImportFile } from '../admin/import-file';
import { DEFAULT_FETCH_LIMITS, fetchFeed, type FetchLimits } from './fetch-feed';

/**
 * The iCalendar text an operator names on the command line (`feeds check`, `feeds upload`): an
 * http(s) URL, fetched as a feed import fetches it (fetch-feed.ts, the same limits), or a file,
 * read whole up to the same size limit. Errors say why in a sentence, never what the source
 * holds: `feed-*` codes of the fetch, or `import-unreadable`.
 */
export async function readFeedSource(
  fileOrUrl: string,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<Result<string>> {
  if (/^https?:\/\//i.test(fileOrUrl)) {
    const fetched = await fetchFeed(fileOrUrl, { etag: null, lastModified: null }, limits);
    if (!fetched.ok) return fetched;
    // No validators were sent, so a server has no reason to answer 304.
    return fetched.value.kind === 'fetched'
      ? ok(fetched.value.text)
      : err({ code: 'feed-http-status', message: `HTTP 304 from ${fileOrUrl} to a plain GET.` });
  }
  return readImportFile(fileOrUrl, limits.maxBytes);
}
