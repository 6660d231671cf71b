import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCredentialStore, type HubCredential } from './credential-store';
import { createHubClient } from './hub-client';
import { safeStorageCipher, type SafeStorageLike } from './secret-cipher';
import { AesTestCipher } from './testing/aes-cipher';

const CREDENTIAL: HubCredential = {
  hubUrl: 'http://127.0.0.1:9',
  kioskId: 'mons-desk',
  spaceId: 'co-nnexion-mons',
  token: 'mons-desk.s3cr3t-token-value',
  hubEpoch: 'epoch-1',
  enrolledAt: 1_700_000_000_000,
};

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('the credential file, plain or sealed (decision 0043)', () => {
  let dir: string;
  let file: string;
  let logs: string[];
  const log = (m: string): void => {
    logs.push(m);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cred-'));
    file = join(dir, 'hub-credential.json');
    logs = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    // Nothing the store logs names the token or the kiosk's secret.
    expect(logs.join('\n')).not.toContain(CREDENTIAL.token);
  });

  it('stays a plain 0600 file without a key store, and reads back', async () => {
    const cipher = new AesTestCipher();
    cipher.isAvailable = false;
    const store = fileCredentialStore(file, { cipher, log });
    expect(await store.load()).toBeNull();
    expect(store.problem?.()).toBe('none');
    await store.save(CREDENTIAL);
    expect(await mode(file)).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(CREDENTIAL);
    expect(await store.load()).toEqual(CREDENTIAL);
    expect(cipher.encryptions).toBe(0);
  });

  it('is sealed where the key store is available: no token on disk, 0600, reads back', async () => {
    const cipher = new AesTestCipher();
    const store = fileCredentialStore(file, { cipher, log });
    await store.save(CREDENTIAL);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(CREDENTIAL.token);
    expect(text).not.toContain(CREDENTIAL.kioskId);
    expect(JSON.parse(text)).toMatchObject({ sealed: 'safeStorage', version: 1 });
    expect(await mode(file)).toBe(0o600);
    // A new store on the same file and key (main after a restart) reads it.
    expect(await fileCredentialStore(file, { cipher, log }).load()).toEqual(CREDENTIAL);
  });

  it('seals a plain file an earlier version wrote at its first load', async () => {
    await fileCredentialStore(file).save(CREDENTIAL);
    expect(await readFile(file, 'utf8')).toContain(CREDENTIAL.token);
    const cipher = new AesTestCipher();
    const store = fileCredentialStore(file, { cipher, log });
    expect(await store.load()).toEqual(CREDENTIAL);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(CREDENTIAL.token);
    expect(JSON.parse(text)).toMatchObject({ sealed: 'safeStorage' });
    expect(await mode(file)).toBe(0o600);
    expect(logs).toContain('hub credential was plain text: written again encrypted');
    // Loading again does not write again.
    const writes = cipher.encryptions;
    expect(await store.load()).toEqual(CREDENTIAL);
    expect(cipher.encryptions).toBe(writes);
  });

  it('seals once when loads overlap (kiosk-sync at start and the hub client)', async () => {
    await fileCredentialStore(file).save(CREDENTIAL);
    const cipher = new AesTestCipher();
    const store = fileCredentialStore(file, { cipher, log });
    const loads = await Promise.all([store.load(), store.load(), store.load()]);
    expect(loads).toEqual([CREDENTIAL, CREDENTIAL, CREDENTIAL]);
    expect(cipher.encryptions).toBe(1);
    expect(await fileCredentialStore(file, { cipher }).load()).toEqual(CREDENTIAL);
  });

  it('reads a file sealed with another key as "unreadable", and the hub client says so', async () => {
    await fileCredentialStore(file, { cipher: new AesTestCipher() }).save(CREDENTIAL);
    const before = await readFile(file, 'utf8');
    // The OS key store was replaced: another key.
    const store = fileCredentialStore(file, { cipher: new AesTestCipher(), log });
    expect(await store.load()).toBeNull();
    expect(store.problem?.()).toBe('unreadable');
    // The file is kept as it was (the old key store may come back).
    expect(await readFile(file, 'utf8')).toBe(before);
    const client = createHubClient({
      hubUrl: CREDENTIAL.hubUrl,
      kioskId: CREDENTIAL.kioskId,
      credentials: store,
    });
    expect(await client.isEnrolled()).toBe(false);
    const pulled = await client.pull({ cursor: 0, limit: 10 });
    expect(pulled).toMatchObject({ ok: false, error: { code: 'credential-unreadable' } });
  });

  it('reads a sealed file as "unreadable" where no key store is available any more', async () => {
    const cipher = new AesTestCipher();
    await fileCredentialStore(file, { cipher }).save(CREDENTIAL);
    cipher.isAvailable = false;
    const store = fileCredentialStore(file, { cipher, log });
    expect(await store.load()).toBeNull();
    expect(store.problem?.()).toBe('unreadable');
    // Without any cipher too.
    const plain = fileCredentialStore(file);
    expect(await plain.load()).toBeNull();
    expect(plain.problem?.()).toBe('unreadable');
  });

  it('reads a corrupt file as "unreadable", then a new enrolment replaces it', async () => {
    await writeFile(file, '{"sealed":"safeStorage","version":1,"data":"!!"}');
    const cipher = new AesTestCipher();
    const store = fileCredentialStore(file, { cipher, log });
    expect(await store.load()).toBeNull();
    expect(store.problem?.()).toBe('unreadable');
    await writeFile(file, 'not json');
    expect(await store.load()).toBeNull();
    expect(store.problem?.()).toBe('unreadable');
    await store.save(CREDENTIAL);
    expect(store.problem?.()).toBeNull();
    expect(await store.load()).toEqual(CREDENTIAL);
    // No credential at all is "enrolment-needed", not "unreadable".
    await rm(file);
    const client = createHubClient({
      hubUrl: CREDENTIAL.hubUrl,
      kioskId: CREDENTIAL.kioskId,
      credentials: store,
    });
    expect(await client.pull({ cursor: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'enrolment-needed' },
    });
  });
});

describe('safeStorage as the cipher', () => {
  /** Electron's safeStorage cannot run here: its shape, with a backend name to choose. */
  function storage(backend: string, isAvailable = true): SafeStorageLike {
    return {
      isAsyncEncryptionAvailable: () => Promise.resolve(isAvailable),
      encryptStringAsync: (text) => Promise.resolve(Buffer.from(text).reverse()),
      decryptStringAsync: (data) =>
        Promise.resolve({ result: Buffer.from(data).reverse().toString(), shouldReEncrypt: false }),
      getSelectedStorageBackend: () => backend,
    };
  }

  it("refuses Linux's basic_text and a backend not chosen yet, takes libsecret and KWallet", async () => {
    expect(await safeStorageCipher(storage('basic_text'), 'linux').available()).toBe(false);
    expect(await safeStorageCipher(storage('unknown'), 'linux').available()).toBe(false);
    expect(await safeStorageCipher(storage('gnome_libsecret'), 'linux').available()).toBe(true);
    expect(await safeStorageCipher(storage('kwallet6'), 'linux').available()).toBe(true);
    expect(await safeStorageCipher(storage('gnome_libsecret', false), 'linux').available()).toBe(
      false,
    );
  });

  it('does not ask for a Linux backend elsewhere (DPAPI, Keychain)', async () => {
    expect(await safeStorageCipher(storage('basic_text'), 'win32').available()).toBe(true);
    expect(await safeStorageCipher(storage('basic_text'), 'darwin').available()).toBe(true);
  });

  it('re-seals a credential whose key was rotated', async () => {
    const base = storage('gnome_libsecret');
    let encrypted = 0;
    const rotated: SafeStorageLike = {
      ...base,
      encryptStringAsync: (text) => {
        encrypted += 1;
        return base.encryptStringAsync(text);
      },
      decryptStringAsync: async (data) => ({
        ...(await base.decryptStringAsync(data)),
        shouldReEncrypt: encrypted < 2,
      }),
    };
    const dir = await mkdtemp(join(tmpdir(), 'cred-'));
    try {
      const store = fileCredentialStore(join(dir, 'c.json'), {
        cipher: safeStorageCipher(rotated, 'linux'),
      });
      await store.save(CREDENTIAL);
      expect(await store.load()).toEqual(CREDENTIAL);
      expect(encrypted).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
