import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { CONFIG_FILE_NAME } from '../config/config-loader';
import { fileCredentialStore } from '../hub-client/credential-store';
import type { SecretCipher } from '../hub-client/secret-cipher';
import { AesTestCipher } from '../hub-client/testing/aes-cipher';
import { FakeIpcMain } from '../ipc/fake-ipc-main';
import { CREDENTIAL_FILE } from '../sync/kiosk-sync';
import { composeKioskMain } from './compose-kiosk-main';
import {
  FakePowerSaveBlocker,
  MemoryLogger,
  RecordingContents,
  RecordingDialog,
} from './testing/fake-ports';

/**
 * The credential's cipher as composeKioskMain wires it (decision 0043): the real config file,
 * credential file and hub client; the cipher is the port's real AES stand-in for safeStorage.
 */

const HUB = 'http://127.0.0.1:9';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const config = {
  ...DEMO_KIOSK_CONFIG,
  hub: { url: HUB },
  readers: { ...DEMO_KIOSK_CONFIG.readers, serial: [], hid: [] },
};
const credential = {
  ...{ hubUrl: HUB, kioskId: config.kioskId, spaceId: config.spaceId },
  ...{ token: `${config.kioskId}.s3cret-value`, hubEpoch: 'epoch-1', enrolledAt: 1 },
};

async function compose(userDataDir: string, secretCipher: SecretCipher) {
  const logger = new MemoryLogger();
  const main = await composeKioskMain({
    ipcMain: new FakeIpcMain(),
    window: { open: () => undefined, contents: () => new RecordingContents(3) },
    power: new FakePowerSaveBlocker(),
    isOnline: () => false,
    app: {
      info: { version: '1.0.0', isPackaged: true, platform: 'linux', isBrowser: false },
      ...{ userDataDir, appOrigin: 'app://kiosk', env: {} },
      exit: () => undefined,
      quit: () => undefined,
    },
    dialog: new RecordingDialog(),
    logger,
    secretCipher,
  });
  cleanups.push(() => main.stop());
  return { main, logger };
}

describe('composeKioskMain: the sealed credential', () => {
  async function folder(): Promise<{ dir: string; file: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'compose-cred-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, CONFIG_FILE_NAME), JSON.stringify(config));
    return { dir, file: join(dir, CREDENTIAL_FILE) };
  }

  it('seals at start a plain credential an earlier version wrote, and still uses it', async () => {
    const { dir, file } = await folder();
    await fileCredentialStore(file).save(credential);
    const cipher = new AesTestCipher();
    const { main, logger } = await compose(dir, cipher);
    await main.start();
    await expect
      .poll(async () => (await readFile(file, 'utf8')).includes('"sealed":"safeStorage"'))
      .toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain(credential.token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await main.sync.service.getState()).toMatchObject({ isEnrolled: true });
    expect(logger.lines.join('\n')).not.toContain(credential.token);
  });

  it('reads a credential sealed under another key store as none, and says so', async () => {
    const { dir, file } = await folder();
    await fileCredentialStore(file, { cipher: new AesTestCipher() }).save(credential);
    const { main } = await compose(dir, new AesTestCipher());
    await main.start();
    expect(await main.sync.service.getState()).toMatchObject({ isEnrolled: false });
    expect(await main.sync.service.pull({ cursor: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'credential-unreadable' },
    });
  });
});
