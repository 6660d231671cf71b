import { copyFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '#shared/result';
import { makeFolderSync } from '../make-folder';
import { channelDir } from './release-file';

/**
 * A release's detached signature (decision 0047): the `<file>.sig` that `npm run package:linux`
 * writes with the network's update key, kept beside the file on the hub and served next to it;
 * the kiosk's root installer verifies it before installing. The hub only carries it: it holds no
 * key (an ECDSA DER signature is about 72 bytes).
 */
export const SIGNATURE_SUFFIX = '.sig';
export const MAX_SIGNATURE_BYTES = 1024;

const fail = (code: string, message: string) => err({ code, message });

/** The signature file's name for a release file. */
export function signatureName(fileName: string): string {
  return `${fileName}${SIGNATURE_SUFFIX}`;
}

/**
 * The signature `release add` takes: `given` (`--signature FILE`), else `<file>.sig` when it
 * exists beside the package, else none. A given file that is missing, empty or over
 * MAX_SIGNATURE_BYTES is refused; so is one found beside the package.
 */
export async function findSignature(
  packagePath: string,
  given: string | undefined,
): Promise<Result<string | undefined>> {
  const path = given ?? `${packagePath}${SIGNATURE_SUFFIX}`;
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) {
    return given === undefined ? ok(undefined) : fail('unreadable', `Cannot read ${given}.`);
  }
  if (!info.isFile()) return fail('not-a-file', `${path} is not a file.`);
  if (info.size === 0 || info.size > MAX_SIGNATURE_BYTES) {
    return fail(
      'bad-signature',
      `${path} is not a signature (${String(info.size)} bytes; one is 1 to ${String(MAX_SIGNATURE_BYTES)}).`,
    );
  }
  return ok(path);
}

/** Copies the signature beside the stored release file (through a temporary name). */
export async function storeSignature(
  signature: string,
  dir: string,
  channel: string,
  fileName: string,
): Promise<void> {
  const folder = channelDir(dir, channel);
  makeFolderSync(folder);
  const target = join(folder, signatureName(fileName));
  await copyFile(signature, `${target}.partial`);
  await rename(`${target}.partial`, target);
}
