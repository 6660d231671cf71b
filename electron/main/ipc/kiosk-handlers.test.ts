import { describe, expect, it } from 'vitest';
import { createKioskApi, invokeDefinitions } from '#shared/ipc/api';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import type { KioskConfigState } from '#shared/config/kiosk-config';
import { HostPinService } from '../host/host-pin';
import { readerStatuses } from '../readers/reader-status';
import { FakeIpcMain, kioskEvent } from './fake-ipc-main';
import { registerKioskHandlers } from './kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck } from './registrar';

const APP_INFO = { version: '0.1.0', isPackaged: false, platform: 'linux', isBrowser: false };

function setup(
  config: KioskConfigState = { status: 'ok', config: DEMO_KIOSK_CONFIG, isDemo: true },
) {
  const ipcMain = new FakeIpcMain();
  const left = { count: 0 };
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender: kioskSenderCheck({ appOrigin: 'app://kiosk', getKioskContentsId: () => 7 }),
  });
  registerKioskHandlers(registrar, {
    appInfo: APP_INFO,
    getConfig: () => config,
    hostPin: new HostPinService({
      getPinHash: () => (config.status === 'ok' ? config.config.hostPinHash : null),
      verifyPin,
      lockout: new PinLockout({ now: Date.now }),
    }),
    leaveKiosk: () => {
      left.count += 1;
    },
    readerStatuses: () => readerStatuses(config),
  });
  // The renderer's view: window.kiosk as the preload builds it, over a transport that reaches the
  // registered handlers the way ipcRenderer.invoke reaches ipcMain.handle.
  const kiosk = createKioskApi({
    invoke: (channel, request) => ipcMain.invoke(channel, kioskEvent({ id: 7 }), request),
    on: () => () => undefined,
  });
  return { ipcMain, registrar, kiosk, left };
}

describe('registerKioskHandlers', () => {
  it('leaves kiosk mode through the preload API only with the right PIN, after answering', async () => {
    const { kiosk, left } = setup();
    expect(await kiosk.host.leaveKiosk({ pin: '9999' })).toEqual({
      ok: true,
      value: { isValid: false },
    });
    expect(await kiosk.host.leaveKiosk({ pin: 'abcd' })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
    expect(await kiosk.host.leaveKiosk({ pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
    expect(left.count).toBe(0);
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
    expect(left.count).toBe(1);
  });

  it('registers a handler for every invoke entry of the contract, and nothing else', () => {
    const { ipcMain, registrar } = setup();
    const expected = invokeDefinitions()
      .map((d) => d.channel)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect([...registrar.channels()].sort()).toEqual(expected);
    expect(ipcMain.channels().sort()).toEqual(expected);
  });

  it('answers window.kiosk calls end to end', async () => {
    const { kiosk } = setup();
    expect(await kiosk.app.getInfo()).toEqual({ ok: true, value: APP_INFO });
    expect(await kiosk.config.getKiosk()).toMatchObject({ ok: true, value: { isDemo: true } });
    expect(await kiosk.reader.getStatus()).toEqual({
      ok: true,
      value: [{ name: 'keyboard-wedge', kind: 'wedge', state: 'listening', reads: 0, rejected: 0 }],
    });
    expect(await kiosk.host.verifyPin({ pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
    expect(await kiosk.host.verifyPin({ pin: '9999' })).toEqual({
      ok: true,
      value: { isValid: false },
    });
    expect(await kiosk.host.verifyPin({ pin: 'abcd' })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
  });

  it('reports the invalid config to the renderer and refuses host PINs without a hash', async () => {
    const { kiosk } = setup({
      status: 'invalid',
      path: '/data/kiosk.json',
      error: { code: 'config-not-json', message: 'bad', details: ['x'] },
    });
    expect(await kiosk.config.getKiosk()).toMatchObject({
      ok: true,
      value: { status: 'invalid', path: '/data/kiosk.json' },
    });
    expect(await kiosk.host.verifyPin({ pin: '1234' })).toMatchObject({
      ok: false,
      error: { code: 'host-pin-unavailable' },
    });
  });

  it('reports a wedge reader disabled by config', () => {
    const config: KioskConfigState = {
      status: 'ok',
      isDemo: false,
      config: {
        ...DEMO_KIOSK_CONFIG,
        readers: {
          ...DEMO_KIOSK_CONFIG.readers,
          wedge: { ...DEMO_KIOSK_CONFIG.readers.wedge, enabled: false },
        },
      },
    };
    expect(readerStatuses(config)[0]?.state).toBe('disabled');
  });
  it('answers print jobs with no-printer by default and refuses what is not a PDF', async () => {
    const { kiosk } = setup();
    const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
    expect(await kiosk.print.printPdf({ kind: 'badge-label', pdf })).toEqual({
      ok: true,
      value: { status: 'no-printer' },
    });
    const html = new TextEncoder().encode('<html></html>');
    expect(await kiosk.print.printPdf({ kind: 'badge-label', pdf: html })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
  });
});
