import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../secret-cipher';

/**
 * A real SecretCipher for Node tests, where Electron's safeStorage cannot run: AES-256-GCM with a
 * key held in memory only, as safeStorage's key lives in the OS key store. Another instance has
 * another key, as a kiosk whose key store was replaced; `isAvailable` false is a platform with no
 * key store.
 */
export class AesTestCipher implements SecretCipher {
  isAvailable = true;
  /** How many times encrypt ran. */
  encryptions = 0;
  readonly #key = randomBytes(32);

  available(): Promise<boolean> {
    return Promise.resolve(this.isAvailable);
  }

  encrypt(text: string): Promise<Buffer> {
    this.encryptions += 1;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }

  decrypt(data: Buffer): Promise<{ text: string; isStale: boolean }> {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const text = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
      return Promise.resolve({ text: text.toString('utf8'), isStale: false });
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
