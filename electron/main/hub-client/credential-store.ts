import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretCipher } from './secret-cipher';

/** What enrolment gave this kiosk; the token is a bearer secret (`<kioskId>.<secret>`). */
export const HubCredentialSchema = z.strictObject({
  hubUrl: z.string().min(1),
  kioskId: z.string().min(1),
  spaceId: z.string().min(1),
  token: z.string().min(1),
  hubEpoch: z.string().min(1),
  enrolledAt: z.number().int(),
});
export type HubCredential = z.infer<typeof HubCredentialSchema>;

/** Why the last load found no credential: none stored, or a file this kiosk cannot read. */
export type CredentialProblem = 'none' | 'unreadable';

/** Where main keeps the kiosk's hub credential. */
export interface CredentialStore {
  /** The stored credential, or null when there is none or the file is unreadable / not ours. */
  load(): Promise<HubCredential | null>;
  /** Replaces the credential atomically; rejects with the file system's error. */
  save(credential: HubCredential): Promise<void>;
  /** After a load that gave null: why (absent for stores that cannot tell). */
  problem?(): CredentialProblem | null;
}

/** The file's shape when the credential is encrypted (decision 0043). */
const SealedFileSchema = z.strictObject({
  sealed: z.literal('safeStorage'),
  version: z.literal(1),
  /** SecretCipher.encrypt of the credential's JSON, base64. */
  data: z.base64().min(1),
});

export interface FileCredentialStoreOptions {
  /** Encrypts the file where it says it is available; absent: a plain 0600 file. */
  readonly cipher?: SecretCipher;
  /** Main's log: what happened to the file, never its content. */
  readonly log?: (message: string) => void;
}

/** Writes `text` to a temporary 0600 file and renames it over `path`. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  // The mode given to writeFile is filtered by the umask; make sure of 0600.
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

function parseCredential(text: string): HubCredential | null {
  try {
    const parsed = HubCredentialSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The credential file (e.g. `<userData>/hub-credential.json`), readable by the kiosk's OS user
 * only: written to a temporary file with mode 0600 and renamed over the old one, so a power cut
 * leaves either the old or the new credential, never half of one. With a cipher that is
 * available (Electron's safeStorage) the file holds the credential encrypted; a plain file an
 * earlier version wrote is read and written again encrypted at once. A file that is corrupt, or
 * sealed with a key this kiosk no longer has, reads as "no credential" (`problem()`:
 * `unreadable`): the kiosk says so and the host runs the setup again with a new code. Loads and
 * saves run one at a time.
 */
export function fileCredentialStore(
  path: string,
  options: FileCredentialStoreOptions = {},
): CredentialStore {
  const { cipher } = options;
  const log = options.log ?? (() => undefined);
  let problem: CredentialProblem | null = null;

  async function canSeal(): Promise<boolean> {
    try {
      return cipher !== undefined && (await cipher.available());
    } catch {
      return false;
    }
  }

  async function save(credential: HubCredential): Promise<void> {
    const json = JSON.stringify(credential);
    if (cipher !== undefined && (await canSeal())) {
      const data = (await cipher.encrypt(json)).toString('base64');
      await writeAtomically(path, JSON.stringify({ sealed: 'safeStorage', version: 1, data }));
    } else {
      await writeAtomically(path, json);
    }
    problem = null;
  }

  /** Writes the credential again (sealed); a failure leaves the file as it was. */
  async function reseal(credential: HubCredential, why: string): Promise<void> {
    try {
      await save(credential);
      log(`hub credential ${why}: written again encrypted`);
    } catch (e) {
      log(`hub credential ${why}, but could not be written again: ${(e as Error).name}`);
    }
  }

  async function unseal(data: string): Promise<HubCredential | null> {
    if (cipher === undefined || !(await canSeal())) {
      log('hub credential is encrypted, but no key store is available: it reads as none');
      return null;
    }
    let opened: { text: string; isStale: boolean };
    try {
      opened = await cipher.decrypt(Buffer.from(data, 'base64'));
    } catch {
      log('hub credential cannot be decrypted (the key store changed?): it reads as none');
      return null;
    }
    const credential = parseCredential(opened.text);
    if (credential !== null && opened.isStale) await reseal(credential, 'key rotated');
    return credential;
  }

  async function load(): Promise<HubCredential | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'unreadable';
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const sealed = SealedFileSchema.safeParse(json);
    const credential = sealed.success
      ? await unseal(sealed.data.data)
      : HubCredentialSchema.safeParse(json).data;
    if (credential === undefined || credential === null) {
      problem = 'unreadable';
      return null;
    }
    problem = null;
    if (!sealed.success && (await canSeal())) await reseal(credential, 'was plain text');
    return credential;
  }

  // One operation at a time: a load may write the file again (sealing it) while another runs.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    load: () => serial(load),
    save: (credential) => serial(() => save(credential)),
    problem: () => problem,
  };
}
