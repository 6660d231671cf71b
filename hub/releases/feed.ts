import { Scalar, stringify } from 'yaml';
import type { ReleaseRow } from '../store/releases';

/** The one channel file a Linux kiosk's electron-updater asks for (generic provider). */
export const FEED_FILE = 'latest-linux.yml';

/** A string written in single quotes, as electron-builder writes the date (js-yaml, which
 * electron-updater parses with, would read a bare ISO timestamp as a Date). */
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

/**
 * `latest-linux.yml` for `release`, in electron-builder's format that electron-updater's generic
 * provider reads: version, files [{url, sha512, size}] (url relative to the channel's URL), and
 * the older single-file fields path and sha512, and releaseDate (when it was added).
 */
export function latestLinuxYml(release: ReleaseRow): string {
  return stringify({
    version: release.version,
    files: [{ url: release.fileName, sha512: release.sha512, size: release.size }],
    path: release.fileName,
    sha512: release.sha512,
    releaseDate: quoted(new Date(release.addedAt).toISOString()),
  });
}
