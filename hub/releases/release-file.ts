import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { valid } from 'semver';
import { err, ok, type Result } from '#shared/result';
import { makeFolderSync } from '../make-folder';

const fail = (code: string, message: string) => err({ code, message });

/** A channel's name: lower-case letters, digits and dashes (it is a URL path segment). */
export const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** A release file's name as stored and served: no path, no leading dot. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;
/** The Linux packages electron-updater installs. */
export const PACKAGE_EXTENSIONS = ['.AppImage', '.deb', '.rpm'] as const;
/** The largest file `release add` takes (an Electron package is 100–200 MB). */
export const MAX_RELEASE_BYTES = 2 * 1024 ** 3;

/** Where a hub keeps its release files: beside its SQLite database, else ./data/releases. */
export function releasesDirFor(dbUrl: string, override: string | undefined): string {
  if (override !== undefined && override !== '') return resolve(override);
  const sqlitePath = /^sqlite:(.+)$/.exec(dbUrl)?.[1];
  return resolve(sqlitePath === undefined ? 'data' : dirname(sqlitePath), 'releases');
}

/** The folder of one channel's files. */
export function channelDir(dir: string, channel: string): string {
  return join(dir, channel);
}

/** base64 sha512 of a file's bytes, as electron-updater checks a download. */
export async function sha512Of(path: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(path), hash);
  return hash.digest('base64');
}

/** What `release add` read from the file it was given. */
export interface CheckedFile {
  readonly path: string;
  readonly fileName: string;
  readonly version: string;
  readonly size: number;
  readonly sha512: string;
}

/**
 * How each package kind begins: a .deb is an ar archive whose first member is `debian-binary`;
 * an AppImage an ELF executable; an .rpm the RPM lead. Enough to refuse a file that merely has
 * the right name (a release notes file, an HTML error page saved under the package's name).
 */
const PACKAGE_MAGIC: Readonly<Record<(typeof PACKAGE_EXTENSIONS)[number], Buffer>> = {
  '.deb': Buffer.from('!<arch>\ndebian-binary', 'latin1'),
  '.AppImage': Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  '.rpm': Buffer.from([0xed, 0xab, 0xee, 0xdb]),
};

/** Whether the file at `path` begins as a package of its extension does. */
async function hasPackageMagic(path: string, fileName: string): Promise<boolean> {
  const ext = PACKAGE_EXTENSIONS.find((e) => fileName.endsWith(e));
  if (ext === undefined) return false;
  const magic = PACKAGE_MAGIC[ext];
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(head, 0, magic.length, 0);
    return bytesRead === magic.length && head.equals(magic);
  } finally {
    await handle.close();
  }
}

/** The version in a package's name (`coffee-kiosk-1.4.0.AppImage`, `coffee-kiosk_1.4.0_amd64.deb`). */
function versionInName(name: string): string | undefined {
  const found = name.match(/\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)(?:\.\d+)*)?/g) ?? [];
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Checks a package before it is added: a non-empty regular file within MAX_RELEASE_BYTES, with a
 * plain name ending in a Linux package extension and bytes that begin as that kind of package, a semver version (given, or the one in its
 * name) and, when given, the sha512 the build printed. Reads the file once to hash it.
 */
export async function checkReleaseFile(
  path: string,
  given: { version?: string | undefined; sha512?: string | undefined },
): Promise<Result<CheckedFile>> {
  const fileName = basename(path);
  if (!FILE_NAME_PATTERN.test(fileName)) {
    return fail('bad-file-name', `${fileName}: a file name of letters, digits, . _ + - only.`);
  }
  if (!PACKAGE_EXTENSIONS.some((ext) => fileName.endsWith(ext))) {
    return fail('bad-file-name', `${fileName}: not a ${PACKAGE_EXTENSIONS.join(', ')} package.`);
  }
  const version = given.version ?? versionInName(fileName);
  if (version === undefined) {
    return fail('no-version', `No single version in the name ${fileName}: give --version X.Y.Z.`);
  }
  if (valid(version) !== version) {
    return fail('bad-version', `${version} is not a version X.Y.Z (semver).`);
  }
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('not-a-file', `${path} is not a file.`);
    size = info.size;
  } catch (e) {
    return fail(
      'unreadable',
      `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  if (size === 0) return fail('empty-file', `${path} is empty.`);
  if (size > MAX_RELEASE_BYTES) return fail('too-large', `${path} is over 2 GiB.`);
  if (!(await hasPackageMagic(path, fileName))) {
    return fail('not-a-package', `${fileName} does not begin as a package of its kind does.`);
  }
  const sha512 = await sha512Of(path);
  if (given.sha512 !== undefined && given.sha512 !== sha512) {
    return fail('sha512-mismatch', `${fileName}: its sha512 is ${sha512}, not the one given.`);
  }
  return ok({ path, fileName, version, size, sha512 });
}

/**
 * Copies the checked file into the channel's folder (through a temporary name, then renamed, so
 * a served file is never half-written) and hashes the copy again. Refuses a different file
 * already stored under that name; the same one is kept as it is.
 */
export async function storeReleaseFile(
  file: CheckedFile,
  dir: string,
  channel: string,
): Promise<Result<string>> {
  const folder = channelDir(dir, channel);
  const target = join(folder, file.fileName);
  makeFolderSync(folder);
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined) {
    if ((await sha512Of(target)) === file.sha512) return ok(target);
    return fail('file-exists', `Another ${file.fileName} is already stored for ${channel}.`);
  }
  const partial = join(folder, `.${file.fileName}.partial`);
  await copyFile(file.path, partial);
  if ((await sha512Of(partial)) !== file.sha512) {
    await rm(partial, { force: true });
    return fail('copy-mismatch', `The copy of ${file.fileName} differs from it: nothing added.`);
  }
  await rename(partial, target);
  return ok(target);
}
