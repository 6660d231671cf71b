import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConfig } from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { invokeDefinitions } from '#shared/ipc/api';
import { contract, type ReaderStatus } from '#shared/ipc/contract';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import type { Result } from '#shared/result';
import { CONFIG_FILE_NAME } from '../config/config-loader';
import { FakeIpcMain, kioskEvent } from '../ipc/fake-ipc-main';
import { PtyPair, waitUntil } from '../readers/testing/pty-pair';
import { composeKioskMain, reportStartFailure } from './compose-kiosk-main';
import type { MainPorts } from './main-ports';
import {
  FakePowerSaveBlocker,
  MemoryLogger,
  RecordingContents,
  RecordingDialog,
} from './testing/fake-ports';

/**
 * The wiring index.ts ships, with typed fakes at the Electron ports only: a real config file in a
 * temporary user-data folder, the real registrar and handlers (invoked through the ipcMain fake as
 * the kiosk page would), real readers on a socat pty, the real hub client and scheduler.
 */

const CONTENTS_ID = 7;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(kioskJson?: unknown) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'compose-main-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
  if (kioskJson !== undefined) {
    await writeFile(join(userDataDir, CONFIG_FILE_NAME), JSON.stringify(kioskJson));
  }
  const ipcMain = new FakeIpcMain();
  const power = new FakePowerSaveBlocker();
  const logger = new MemoryLogger();
  const dialog = new RecordingDialog();
  const contents = new RecordingContents(CONTENTS_ID);
  const exits: number[] = [];
  const quits: number[] = [];
  let isWindowOpen = false;
  const ports: MainPorts = {
    ipcMain,
    window: {
      open: () => {
        isWindowOpen = true;
      },
      contents: () => (isWindowOpen ? contents : null),
    },
    power,
    isOnline: () => true,
    app: {
      info: { version: '9.9.9', isPackaged: true, platform: 'linux', isBrowser: false },
      userDataDir,
      appOrigin: 'app://kiosk',
      env: {},
      exit: (code) => exits.push(code),
      quit: () => {
        quits.push(Date.now());
      },
    },
    dialog,
    logger,
  };
  const invoke = <T>(channel: string, request?: unknown): Promise<Result<T>> =>
    ipcMain.invoke(channel, kioskEvent({ id: CONTENTS_ID }), request) as Promise<Result<T>>;
  const compose = async (options: Parameters<typeof composeKioskMain>[1] = {}) => {
    const main = await composeKioskMain(ports, options);
    cleanups.push(() => main.stop());
    return main;
  };
  return { ports, ipcMain, power, logger, dialog, contents, exits, quits, invoke, compose };
}

function kioskJson(overrides: Partial<KioskConfig>): KioskConfig {
  return { ...DEMO_KIOSK_CONFIG, ...overrides };
}

describe('composeKioskMain', () => {
  it('answers every invoke entry of the contract, to the kiosk window only, from the demo config', async () => {
    const t = await harness();
    const main = await t.compose();
    expect(main.config).toMatchObject({ status: 'ok', isDemo: true });
    expect(t.ipcMain.channels().sort()).toEqual(
      invokeDefinitions()
        .map((d) => d.channel)
        .sort(),
    );
    expect(await t.invoke(contract.app.getInfo.channel)).toMatchObject({
      ok: false,
      error: { code: 'ipc-untrusted-sender' },
    });

    await main.start();
    expect(await t.invoke(contract.app.getInfo.channel)).toEqual({
      ok: true,
      value: { version: '9.9.9', isPackaged: true, platform: 'linux', isBrowser: false },
    });
    expect(await t.invoke(contract.config.getKiosk.channel)).toEqual({
      ok: true,
      value: main.config,
    });
    expect(await t.invoke(contract.host.verifyPin.channel, { pin: '1234' })).toMatchObject({
      ok: true,
      value: { isValid: true },
    });
    expect(await t.invoke(contract.sync.requestNow.channel)).toMatchObject({
      ok: false,
      error: { code: 'hub-not-configured' },
    });
    expect(await t.invoke(contract.print.printPdf.channel, { kind: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
    expect([...t.power.active.values()]).toEqual(['prevent-display-sleep']);
    expect(t.logger.lines).toEqual(['info: kiosk 9.9.9 starting; config demo']);

    await main.stop();
    expect(t.ipcMain.channels()).toEqual([]);
    expect(t.power.active.size).toBe(0);
    expect(t.logger.lines.at(-1)).toBe('info: kiosk stopping');
  });

  it('forwards the readers of kiosk.json to the window and logs their states with the device path', async () => {
    const pty = await PtyPair.create();
    cleanups.push(() => pty.dispose());
    const t = await harness(
      kioskJson({
        readers: {
          ...DEMO_KIOSK_CONFIG.readers,
          serial: [
            { name: 'desk', path: pty.readerPath, format: 'auto', baudRate: 9600, debounceMs: 250 },
          ],
        },
      }),
    );
    const main = await t.compose();
    expect(main.config).toMatchObject({ status: 'ok', isDemo: false });
    await main.start();
    expect(t.logger.lines).toContain(`info: reader desk: connected (${pty.readerPath})`);
    const statuses = t.contents.payloads(
      contract.reader.onStatusChanged.channel,
    ) as ReaderStatus[][];
    expect(statuses.at(-1)?.map((s) => [s.name, s.state])).toEqual([
      ['keyboard-wedge', 'listening'],
      ['desk', 'connected'],
    ]);

    pty.write(rdm6300Frame('4B00423C15'));
    await waitUntil(
      () => t.contents.payloads(contract.reader.onCardRead.channel).length === 1,
      5000,
      'the card read to reach the window',
    );
    expect(t.contents.payloads(contract.reader.onCardRead.channel)).toEqual([
      expect.objectContaining({ cardId: '4B00423C15', source: 'serial', format: 'rdm6300' }),
    ]);
    expect(await t.invoke(contract.reader.getStatus.channel)).toMatchObject({
      ok: true,
      value: [{ name: 'keyboard-wedge' }, { name: 'desk', reads: 1 }],
    });
    // No card id in the log: a card identifies a member.
    expect(t.logger.lines.join('\n')).not.toContain('4B00423C15');

    t.contents.destroy();
    await pty.kill();
    await waitUntil(() => main.readers.statuses()[1]?.state === 'disconnected', 5000, 'unplug');
    await main.stop();
    expect(main.readers.statuses()[1]).toMatchObject({ state: 'disconnected', detail: 'closed' });
  });

  it('asks the window to sync when the hub link requests it, with the injected poll and PIN clock', async () => {
    const t = await harness(kioskJson({ hub: { url: 'http://127.0.0.1:9/' } }));
    let now = 1_000_000;
    const main = await t.compose({ syncPollMs: 50, clock: () => now });
    await main.start();
    expect(await t.invoke(contract.sync.getState.channel)).toMatchObject({
      ok: true,
      value: { isConfigured: true, isEnrolled: false, hubUrl: 'http://127.0.0.1:9/' },
    });
    expect(await t.invoke(contract.sync.requestNow.channel)).toEqual({ ok: true, value: null });
    expect(t.contents.payloads(contract.sync.onRequested.channel)).toEqual([
      expect.objectContaining({ reason: 'manual' }),
    ]);

    // Asking to leave kiosk mode with a wrong PIN leaves nothing and counts toward the lockout.
    expect(await t.invoke(contract.host.leaveKiosk.channel, { pin: '0000' })).toMatchObject({
      ok: true,
      value: { isValid: false },
    });
    expect(t.quits).toEqual([]);
    for (let i = 0; i < 4; i++) await t.invoke(contract.host.verifyPin.channel, { pin: '0000' });
    const locked = await t.invoke<{ isValid: boolean; lockedUntil?: number }>(
      contract.host.verifyPin.channel,
      { pin: '1234' },
    );
    expect(locked).toMatchObject({ ok: true, value: { isValid: false } });
    expect(
      await t.invoke(contract.host.leaveKiosk.channel, { pin: '1234' }),
      'locked out: the right PIN does not leave either',
    ).toMatchObject({ ok: true, value: { isValid: false } });
    now += 24 * 3600_000;
    expect(await t.invoke(contract.host.verifyPin.channel, { pin: '1234' })).toMatchObject({
      ok: true,
      value: { isValid: true },
    });
    expect(t.quits).toEqual([]);
    expect(await t.invoke(contract.host.leaveKiosk.channel, { pin: '1234' })).toMatchObject({
      ok: true,
      value: { isValid: true },
    });
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
    expect(t.quits).toHaveLength(1);
    expect(t.logger.lines.some((l) => l.includes('the host left kiosk mode'))).toBe(true);
  });

  it('answers the sync handlers through decorateSync, passing calls and results through', async () => {
    const t = await harness();
    const calls: string[] = [];
    const main = await t.compose({
      decorateSync: (inner, sync) => {
        expect(sync.client).toBeNull();
        return {
          ...inner,
          getState: () => {
            calls.push('getState');
            return inner.getState();
          },
        };
      },
    });
    await main.start();
    expect(await t.invoke(contract.sync.getState.channel)).toEqual({
      ok: true,
      value: await main.sync.service.getState(),
    });
    expect(calls).toEqual(['getState']);
  });

  it('lets the renderer show an invalid kiosk.json, with no readers or hub, and logs why', async () => {
    const t = await harness({ ...DEMO_KIOSK_CONFIG, spaceId: 42 });
    const main = await t.compose();
    await main.start();
    expect(main.config.status).toBe('invalid');
    expect(main.readers.readers).toEqual([]);
    expect(await t.invoke(contract.config.getKiosk.channel)).toMatchObject({
      ok: true,
      value: { status: 'invalid', error: { code: 'config-invalid' } },
    });
    expect(t.logger.lines).toContain(
      `error: kiosk config invalid (${join(t.ports.app.userDataDir, CONFIG_FILE_NAME)}): config-invalid`,
    );
  });

  it('refuses to wire twice onto the same ipcMain (a programming error found at start)', async () => {
    const t = await harness();
    await t.compose();
    await expect(composeKioskMain(t.ports)).rejects.toThrow(/second handler/);
  });
});

describe('reportStartFailure', () => {
  it('logs the error, shows it to whoever stands at the kiosk and exits with 1', async () => {
    const t = await harness();
    reportStartFailure(t.ports, new Error('protocol app already handled'));
    expect(t.logger.lines).toEqual([
      'error: the kiosk could not start: protocol app already handled',
    ]);
    expect(t.dialog.shown).toEqual([
      {
        title: 'COFFEE Kiosk could not start',
        content: expect.stringContaining('protocol app already handled') as string,
      },
    ]);
    expect(t.exits).toEqual([1]);
  });

  it('still exits when showing the error fails', async () => {
    const t = await harness();
    const ports = {
      ...t.ports,
      dialog: {
        showError: () => {
          throw new Error('no display');
        },
      },
    };
    reportStartFailure(ports, 'boom');
    expect(t.exits).toEqual([1]);
  });
});
