import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { createKioskApi } from '#shared/ipc/api';
import type { SyncRequested } from '#shared/ipc/contract';
import { verifyPin } from '#shared/security/pin-hash';
import { PinLockout } from '#shared/security/pin-lockout';
import { HostPinService } from '../host/host-pin';
import { FakeIpcMain, kioskEvent } from '../ipc/fake-ipc-main';
import { registerKioskHandlers } from '../ipc/kiosk-handlers';
import { createIpcRegistrar, kioskSenderCheck } from '../ipc/registrar';
import { readerStatuses } from '../readers/reader-status';
import { createKioskSync } from './kiosk-sync';
import { StepTimers } from './testing/step-timers';

describe('kiosk sync wiring through the IPC contract', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function setup(hub: { url: string } | null) {
    const config = {
      status: 'ok' as const,
      isDemo: false,
      config: { ...DEMO_KIOSK_CONFIG, hub: hub === null ? null : { url: hub.url } },
    };
    const timers = new StepTimers();
    const emitted: SyncRequested[] = [];
    let online = true;
    const sync = createKioskSync({
      config,
      userDataDir: dir,
      emit: (r) => emitted.push(r),
      isOnline: () => online,
      pollMs: 1000,
      clock: () => timers.now,
      timers,
    });
    const ipcMain = new FakeIpcMain();
    const registrar = createIpcRegistrar({
      ipcMain,
      isTrustedSender: kioskSenderCheck({ appOrigin: 'app://kiosk', getKioskContentsId: () => 1 }),
    });
    registerKioskHandlers(registrar, {
      appInfo: { version: 't', isPackaged: false, platform: 'linux', isBrowser: false },
      getConfig: () => config,
      hostPin: new HostPinService({
        getPinHash: () => config.config.hostPinHash,
        verifyPin,
        lockout: new PinLockout({ now: Date.now }),
      }),
      leaveKiosk: () => undefined,
      readerStatuses: () => readerStatuses(config),
      sync: sync.service,
    });
    const kiosk = createKioskApi({
      invoke: (channel, request) => ipcMain.invoke(channel, kioskEvent(), request),
      on: () => () => undefined,
    });
    const setOnline = (v: boolean) => {
      online = v;
    };
    return { sync, kiosk, timers, emitted, setOnline };
  }

  it('reports the hub, asks for syncs on "Sync now" and on reconnect', async () => {
    const { sync, kiosk, timers, emitted, setOnline } = setup({ url: 'http://127.0.0.1:9' });
    sync.start();
    expect(await kiosk.sync.getState()).toEqual({
      ok: true,
      value: { isConfigured: true, isEnrolled: false, hubUrl: 'http://127.0.0.1:9' },
    });
    expect(await kiosk.sync.requestNow()).toEqual({ ok: true, value: null });
    setOnline(false);
    timers.fire(1000);
    setOnline(true);
    timers.fire(1000);
    expect(emitted).toEqual([{ reason: 'manual' }, { reason: 'reconnect' }]);
    // No code configured and no credential: the hub is never called.
    expect(await kiosk.sync.pull({ cursor: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'enrolment-needed' },
    });
    sync.stop();
  });

  it('validates requests against the contract before they reach the hub client', async () => {
    const { kiosk } = setup({ url: 'http://127.0.0.1:9' });
    expect(await kiosk.sync.push({ batch: [] })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
    expect(await kiosk.sync.pull({ cursor: -1, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
  });

  it('answers hub-not-configured when the config has no hub', async () => {
    const { kiosk, sync } = setup(null);
    sync.start();
    expect(await kiosk.sync.getState()).toEqual({
      ok: true,
      value: { isConfigured: false, isEnrolled: false, hubUrl: null },
    });
    expect(await kiosk.sync.requestNow()).toMatchObject({ error: { code: 'hub-not-configured' } });
    expect(await kiosk.sync.pull({ cursor: 0, limit: 1 })).toMatchObject({
      error: { code: 'hub-not-configured' },
    });
  });
});
