import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, type InvokeDef } from '#shared/ipc/contract';
import { err, ok } from '#shared/result';
import { FakeIpcMain, kioskEvent } from './fake-ipc-main';
import { createIpcRegistrar, kioskSenderCheck, sendEvent, type InvokeEventLike } from './registrar';

const trusted = kioskSenderCheck({ appOrigin: 'app://kiosk', getKioskContentsId: () => 1 });

function setup(isTrustedSender: (event: InvokeEventLike) => boolean = trusted) {
  const ipcMain = new FakeIpcMain();
  const logged: string[] = [];
  const registrar = createIpcRegistrar({
    ipcMain,
    isTrustedSender,
    log: (message) => logged.push(message),
  });
  return { ipcMain, registrar, logged };
}

describe('kioskSenderCheck', () => {
  it('trusts only the main frame of the kiosk contents on the app origin', () => {
    expect(trusted(kioskEvent())).toBe(true);
    expect(trusted(kioskEvent({ id: 2 }))).toBe(false);
    expect(trusted(kioskEvent({ url: 'https://evil.example/' }))).toBe(false);
    expect(trusted(kioskEvent({ url: 'app://kiosk.evil/' }))).toBe(false);
    expect(trusted(kioskEvent({ parent: { url: 'app://kiosk/' } }))).toBe(false);
    expect(trusted(kioskEvent({ noFrame: true }))).toBe(false);
  });

  it('trusts nobody before the window exists', () => {
    const check = kioskSenderCheck({ appOrigin: 'app://kiosk', getKioskContentsId: () => null });
    expect(check(kioskEvent())).toBe(false);
  });
});

describe('createIpcRegistrar', () => {
  it('answers a trusted, valid request with the handler result', async () => {
    const { ipcMain, registrar } = setup();
    registrar.handle(contract.host.verifyPin, (request) => ok({ isValid: request.pin === '1234' }));
    expect(await ipcMain.invoke('host:verify-pin', kioskEvent(), { pin: '1234' })).toEqual({
      ok: true,
      value: { isValid: true },
    });
  });

  it('rejects an untrusted sender without calling the handler', async () => {
    const { ipcMain, registrar } = setup();
    let calls = 0;
    registrar.handle(contract.app.getInfo, () => {
      calls += 1;
      return ok({ version: '1', isPackaged: false, platform: 'linux', isBrowser: false });
    });
    const reply = await ipcMain.invoke(
      'app:get-info',
      kioskEvent({ url: 'https://evil.example/' }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc-untrusted-sender' } });
    expect(calls).toBe(0);
  });

  it.each([
    [[{ pin: '12' }], 'pin'],
    [[{ pin: '1234', extra: true }], '(root)'],
    [['1234'], '(root)'],
    [[], '(root)'],
    [[{ pin: '1234' }, 'second'], '(root)'],
  ])('answers bad arguments %j with ipc-invalid-request naming %s', async (args, path) => {
    const { ipcMain, registrar } = setup();
    registrar.handle(contract.host.verifyPin, () => ok({ isValid: true }));
    const reply = await ipcMain.invoke('host:verify-pin', kioskEvent(), ...args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request' } });
    const details = (reply as { error: { details: string[] } }).error.details;
    expect(details.length).toBeGreaterThan(0);
    expect(details[0]?.startsWith(`${path}:`)).toBe(true);
  });

  it('turns a thrown or rejected handler into ipc-handler-failed, logged, with no internals', async () => {
    const { ipcMain, registrar, logged } = setup();
    registrar.handle(contract.app.getInfo, () => {
      throw new Error('disk on fire at /secret/path');
    });
    registrar.handle(contract.host.verifyPin, () => Promise.reject(new Error('boom')));
    for (const [channel, args] of [
      ['app:get-info', []],
      ['host:verify-pin', [{ pin: '1234' }]],
    ] as const) {
      const reply = await ipcMain.invoke(channel, kioskEvent(), ...args);
      expect(reply).toMatchObject({ ok: false, error: { code: 'ipc-handler-failed' } });
      expect(JSON.stringify(reply)).not.toContain('secret');
    }
    expect(logged).toHaveLength(2);
  });

  it('passes a handler error result through as data', async () => {
    const { ipcMain, registrar } = setup();
    registrar.handle(contract.host.verifyPin, () =>
      err({ code: 'host-pin-unavailable', message: 'x' }),
    );
    expect(await ipcMain.invoke('host:verify-pin', kioskEvent(), { pin: '1234' })).toEqual({
      ok: false,
      error: { code: 'host-pin-unavailable', message: 'x' },
    });
  });

  it('refuses a channel outside the contract, an event entry, and a second handler', () => {
    const { registrar } = setup();
    const rogue: InvokeDef<z.ZodUndefined, string> = {
      kind: 'invoke',
      channel: 'shell:run-anything',
      request: z.undefined(),
    };
    expect(() => {
      registrar.handle(rogue, () => ok('x'));
    }).toThrow(/not an invoke entry/);
    const eventAsInvoke = {
      ...contract.reader.onCardRead,
      request: z.undefined(),
    } as unknown as InvokeDef<z.ZodUndefined, string>;
    expect(() => {
      registrar.handle(eventAsInvoke, () => ok('x'));
    }).toThrow(/not an invoke entry/);
    registrar.handle(contract.reader.getStatus, () => ok([]));
    expect(() => {
      registrar.handle(contract.reader.getStatus, () => ok([]));
    }).toThrow(/already/);
  });

  it('removes its handlers on dispose', async () => {
    const { ipcMain, registrar } = setup();
    registrar.handle(contract.reader.getStatus, () => ok([]));
    expect(registrar.channels()).toEqual(['reader:get-status']);
    registrar.dispose();
    expect(ipcMain.channels()).toEqual([]);
    await expect(ipcMain.invoke('reader:get-status', kioskEvent())).rejects.toThrow(/No handler/);
  });
});

describe('sendEvent', () => {
  it('sends the payload on the contract channel unless the contents are destroyed', () => {
    const sent: [string, unknown[]][] = [];
    let isDestroyed = false;
    const target = {
      isDestroyed: () => isDestroyed,
      send: (channel: string, ...args: unknown[]) => sent.push([channel, args]),
    };
    const statuses = [
      {
        name: 'keyboard-wedge',
        kind: 'wedge' as const,
        state: 'connected' as const,
        reads: 1,
        rejected: 0,
      },
    ];
    expect(sendEvent(target, contract.reader.onStatusChanged, statuses)).toBe(true);
    isDestroyed = true;
    expect(sendEvent(target, contract.reader.onStatusChanged, statuses)).toBe(false);
    expect(sent).toEqual([['reader:status-changed', [statuses]]]);
  });
});
