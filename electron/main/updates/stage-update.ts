import { copyFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { CredentialStore } from '../hub-client/credential-store';

/**
 * The kiosk's half of a Linux update (decision 0047): electron-updater has downloaded the .deb
 * and checked its sha512; instead of its own dpkg through pkexec or sudo, main fetches the
 * release's signature from the hub and stages both in the spool the package made, where the root
 * installer (coffee-kiosk-update.path, build/deb/install-staged-update) checks and installs them.
 * systemd then restarts the kiosk on the new version.
 */

/** The spool the .deb's postinst makes, owned by the kiosk's user. */
export const UPDATE_SPOOL_DIR = '/var/lib/coffee-kiosk/updates';
/** The names the root installer reads; the .deb is renamed in last (its path unit watches it). */
export const STAGED_DEB = 'coffee-kiosk.deb';
export const STAGED_SIGNATURE = `${STAGED_DEB}.sig`;
export const STAGED_ROLLBACK = `${STAGED_DEB}.rollback`;
/** The hub's limit on a signature (hub/releases/signature.ts). */
const MAX_SIGNATURE_BYTES = 1024;

/** A finished download, as electron-updater's `update-downloaded` reports it. */
export interface DownloadedUpdate {
  readonly version: string;
  /** The file electron-updater wrote (its cache). */
  readonly downloadedFile: string;
  /** The file's name on the hub (the feed's `path`), whose signature is `<name>.sig`. */
  readonly fileName: string;
}

export interface DebStagerOptions {
  /** `<hub>/v1/updates/<channel>`, the feed electron-updater reads. */
  readonly feedUrl: string;
  readonly credentials: CredentialStore;
  /** The running app's version: an older download is a rollback the hub asked for. */
  readonly currentVersion: string;
  readonly spoolDir?: string;
  readonly fetch?: typeof fetch;
}

/** Fetches `<feed>/<file>.sig` with the kiosk's credential; a clear error for any other answer. */
async function fetchSignature(
  options: DebStagerOptions,
  fileName: string,
  token: string,
): Promise<Buffer> {
  const url = `${options.feedUrl.replace(/\/+$/, '')}/${encodeURIComponent(fileName)}.sig`;
  const response = await (options.fetch ?? fetch)(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { code?: unknown } | null;
    const code = typeof body?.code === 'string' ? body.code : 'error';
    throw new Error(
      `the hub has no signature for ${fileName} (${String(response.status)} ${code})`,
    );
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length === 0 || bytes.length > MAX_SIGNATURE_BYTES) {
    throw new Error(`the hub's signature for ${fileName} is ${String(bytes.length)} bytes`);
  }
  return bytes;
}

/** Writes `name` in `dir` through a hidden temporary name, then renames it in. */
async function putAtomically(
  dir: string,
  name: string,
  write: (partial: string) => Promise<void>,
): Promise<void> {
  const partial = join(dir, `.${name}.partial`);
  try {
    await write(partial);
    await rename(partial, join(dir, name));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Stages a downloaded .deb for the root installer: its signature and, for an older version, the
 * rollback marker first, the .deb renamed in last. Rejects (staging nothing the installer would
 * take) when there is no spool (not installed from the .deb), no credential, or no signature.
 */
export async function stageDeb(options: DebStagerOptions, update: DownloadedUpdate): Promise<void> {
  const spool = options.spoolDir ?? UPDATE_SPOOL_DIR;
  const info = await stat(spool).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new Error(`no update spool ${spool}: this kiosk was not installed from the .deb`);
  }
  const credential = await options.credentials.load();
  if (credential === null) throw new Error('no credential for the hub: not enrolled');
  const signature = await fetchSignature(options, update.fileName, credential.token);

  await rm(join(spool, STAGED_DEB), { force: true });
  await putAtomically(spool, STAGED_SIGNATURE, (partial) => writeFile(partial, signature));
  if (semver.valid(update.version) && semver.lt(update.version, options.currentVersion)) {
    await putAtomically(spool, STAGED_ROLLBACK, (partial) => writeFile(partial, ''));
  } else {
    await rm(join(spool, STAGED_ROLLBACK), { force: true });
  }
  await putAtomically(spool, STAGED_DEB, (partial) => copyFile(update.downloadedFile, partial));
}
