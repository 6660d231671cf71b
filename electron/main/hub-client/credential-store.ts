import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

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

/** Where main keeps the kiosk's hub credential. */
export interface CredentialStore {
  /** The stored credential, or null when there is none or the file is unreadable / not ours. */
  load(): Promise<HubCredential | null>;
  /** Replaces the credential atomically; rejects with the file system's error. */
  save(credential: HubCredential): Promise<void>;
}

/**
 * A credential file (e.g. `<userData>/hub-credential.json`) readable by the kiosk's OS user only:
 * written to a temporary file with mode 0600 and renamed over the old one, so a power cut leaves
 * either the old or the new credential, never half of one. A corrupt file reads as "no credential"
 * (the kiosk then enrols again with its code, if it still has a valid one).
 */
export function fileCredentialStore(path: string): CredentialStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return null;
      }
      try {
        const parsed = HubCredentialSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(credential) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(credential), { mode: 0o600 });
      // The mode given to writeFile is filtered by the umask; make sure of 0600.
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    },
  };
}
