/**
 * The port through which the hub credential is encrypted at rest (docs/decisions/0043): Electron's
 * `safeStorage` in the shipped app (`safeStorageCipher`, filled in `../index.ts`), a plain 0600
 * file where the platform offers no real key store. Nothing here imports `electron`: the
 * credential store and every Node test take any `SecretCipher`.
 */
export interface SecretCipher {
  /** True when secrets can be encrypted with a key this process does not keep on disk. */
  available(): Promise<boolean>;
  /** Encrypts `text`; rejects when the key store refuses. */
  encrypt(text: string): Promise<Buffer>;
  /**
   * Decrypts what `encrypt` gave; rejects when it cannot (another key, another user, a key store
   * that changed). `isStale`: the key was rotated, so the caller should encrypt the text again.
   */
  decrypt(data: Buffer): Promise<{ text: string; isStale: boolean }>;
}

/** The part of Electron's `safeStorage` (Electron ≥ 38) the cipher uses; `safeStorage` satisfies it. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: which key store Chromium's OSCrypt chose. */
  getSelectedStorageBackend(): string;
}

/**
 * Linux key stores refused: `basic_text` encrypts with a key written in the program itself (no
 * better than the 0600 file, and it would only look safer), `unknown` means "before ready".
 */
const REFUSED_LINUX_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

/**
 * `safeStorage` as a SecretCipher: available when Electron says so and, on Linux, when the key
 * store is a real one (GNOME libsecret, KWallet), not `basic_text`. Call after the app is ready.
 */
export function safeStorageCipher(
  storage: SafeStorageLike,
  platform: NodeJS.Platform,
): SecretCipher {
  return {
    async available() {
      if (!(await storage.isAsyncEncryptionAvailable())) return false;
      return (
        platform !== 'linux' || !REFUSED_LINUX_BACKENDS.has(storage.getSelectedStorageBackend())
      );
    },
    encrypt: (text) => storage.encryptStringAsync(text),
    async decrypt(data) {
      const { result, shouldReEncrypt } = await storage.decryptStringAsync(data);
      return { text: result, isStale: shouldReEncrypt };
    },
  };
}
