import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskApi } from '#shared/ipc/api';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { HostPinService } from '../host/host-pin';
import { fileCredentialStore } from '../hub-client/credential-store';
import { FakeIpcMain, kioskEvent } from '../ipc/fake-ipc-main';
import { createIpcRegistrar, kioskSenderCheck } from '../ipc/registrar';
import { registerSetupHandlers } from './setup-handlers';
import { SetupService } from './setup-service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function wire(isFirstRun: boolean, withService = true) {
  const ipcMain = new FakeIpcMain();
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender: kioskSenderCheck({ appOrigin: 'app://kiosk', getKioskContentsId: () => 7 }),
  });
  const setup = new SetupService({
    location: { path: join(dir, 'kiosk.json'), isExplicit: false },
    isFirstRun,
    credentials: fileCredentialStore(join(dir, 'cred.json')),
    current: null,
    restart: () => undefined,
  });
  registerSetupHandlers(registrar, {
    setup: withService ? setup : undefined,
    hostPin: new HostPinService({
      getPinHash: () => DEMO_KIOSK_CONFIG.hostPinHash,
      verifyPin,
      lockout: new PinLockout({ now: Date.now }),
    }),
  });
  const kiosk = createKioskApi({
    invoke: (channel, request) => ipcMain.invoke(channel, kioskEvent({ id: 7 }), request),
    on: () => () => undefined,
  });
  const stranger = (channel: string, request: unknown) =>
    ipcMain.invoke(channel, kioskEvent({ id: 8 }), request);
  return { kiosk, stranger };
}

describe('the setup channels', () => {
  it('validate every request before the service sees it', async () => {
    const { kiosk } = wire(true);
    for (const reply of [
      await kiosk.setup.checkHub({ hubUrl: 'ftp://hub.example.org' }),
      await kiosk.setup.checkHub({ hubUrl: 'not a url' }),
      await kiosk.setup.enrol({ code: 'short', kioskId: 'k-1' }),
      await kiosk.setup.enrol({ code: 'ABCD-EFGH-JKMN', kioskId: 'Not Valid' }),
      await kiosk.setup.learnReader({ timeoutMs: 5 }),
      await kiosk.setup.finish({ languages: [], defaultLang: 'fr', pin: '1234' }),
      await kiosk.setup.finish({ languages: ['fr'], defaultLang: 'fr', pin: '12a4' }),
      await kiosk.setup.finish({
        languages: ['fr'],
        defaultLang: 'fr',
        pin: '1234',
        hid: [{ vendorId: 'zz01', productId: '0009', layout: 'ascii' }],
      }),
      await kiosk.setup.runAgain({ pin: '' }),
    ]) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request' } });
    }
  });

  it('answer only the kiosk window', async () => {
    const { stranger } = wire(true);
    expect(await stranger('setup:get-state', undefined)).toMatchObject({ ok: false });
  });

  it('run setup again only with the host PIN, and cancel it', async () => {
    const { kiosk } = wire(false);
    expect(await kiosk.setup.getState()).toEqual({
      ok: true,
      value: { isNeeded: false, reason: null },
    });
    expect(await kiosk.setup.runAgain({ pin: '9999' })).toEqual({
      ok: true,
      value: { isValid: false },
    });
    expect((await kiosk.setup.getState()).ok && (await kiosk.setup.getState())).toMatchObject({
      value: { isNeeded: false },
    });
    expect(await kiosk.setup.runAgain({ pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
    expect(await kiosk.setup.getState()).toEqual({
      ok: true,
      value: { isNeeded: true, reason: 'again' },
    });
    expect(await kiosk.setup.cancel()).toEqual({
      ok: true,
      value: { isNeeded: false, reason: null },
    });
  });

  it('answer out-of-order for a step asked too early, and without a service', async () => {
    const { kiosk } = wire(true);
    expect(await kiosk.setup.enrol({ code: 'ABCD-EFGH-JKMN', kioskId: 'k-1' })).toMatchObject({
      ok: false,
      error: { code: 'setup-out-of-order' },
    });
    const bare = wire(true, false).kiosk;
    expect(await bare.setup.getState()).toEqual({
      ok: true,
      value: { isNeeded: false, reason: null },
    });
    expect(
      await bare.setup.finish({ languages: ['fr'], defaultLang: 'fr', pin: '1234' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'setup-out-of-order' },
    });
  });
});
