import { describe, expect, it } from 'vitest';
import { createKioskApi, type IpcTransport } from '#shared/ipc/api';
import { contract, type ReaderStatus } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import { createBrowserKioskApi } from '../platform/browser-kiosk-api';
import { ReaderStatusState } from './reader-status-state.svelte';

function status(overrides: Partial<ReaderStatus> = {}): ReaderStatus {
  return { name: 'desk', kind: 'serial', state: 'connected', reads: 0, rejected: 0, ...overrides };
}

/**
 * The Electron IPC hop's typed double (the boundary no real part reaches in a browser): replies
 * to reader:get-status when the test says so, and delivers reader events to the subscribers.
 */
function ipcDouble() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending: ((reply: Result<ReaderStatus[]>) => void)[] = [];
  const transport: IpcTransport = {
    invoke: (channel) => {
      if (channel !== contract.reader.getStatus.channel) {
        return Promise.reject(new Error(`unexpected ${channel}`));
      }
      return new Promise((resolve) => pending.push(resolve));
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return {
    api: createKioskApi(transport),
    reply(value: Result<ReaderStatus[]>): void {
      const resolve = pending.shift();
      if (resolve === undefined) throw new Error('no reader:get-status call is waiting');
      resolve(value);
    },
    emit(statuses: ReaderStatus[]): void {
      for (const l of listeners.get(contract.reader.onStatusChanged.channel) ?? []) l(statuses);
    },
    subscribers: () => listeners.get(contract.reader.onStatusChanged.channel)?.size ?? 0,
  };
}

describe('ReaderStatusState', () => {
  it('shows only the wedge reader in a plain browser', async () => {
    const state = new ReaderStatusState(createBrowserKioskApi({ search: '', now: Date.now }));
    expect(state.statuses).toBeNull();
    await state.open();
    expect(state.statuses).toEqual([
      expect.objectContaining({ kind: 'wedge', state: 'listening', reads: 0, rejected: 0 }),
    ]);
    expect(state.error).toBeNull();
    state.close();
  });

  it('fetches the list on open and follows every change until closed', async () => {
    const ipc = ipcDouble();
    const state = new ReaderStatusState(ipc.api);
    const opened = state.open();
    ipc.reply(ok([status()]));
    await opened;
    expect(state.statuses).toEqual([status()]);

    ipc.emit([status({ state: 'disconnected', detail: '/dev/ttyUSB0: not present' })]);
    expect(state.statuses?.[0]?.state).toBe('disconnected');
    ipc.emit([status({ reads: 3, rejected: 1 })]);
    expect(state.statuses?.[0]).toMatchObject({ state: 'connected', reads: 3, rejected: 1 });

    state.close();
    expect(ipc.subscribers()).toBe(0);
    ipc.emit([status({ reads: 9 })]);
    expect(state.statuses?.[0]?.reads).toBe(3);
  });

  it('keeps an event that overtook the fetch, and subscribes once however often opened', async () => {
    const ipc = ipcDouble();
    const state = new ReaderStatusState(ipc.api);
    const first = state.open();
    const second = state.open();
    expect(ipc.subscribers()).toBe(1);
    ipc.emit([status({ reads: 5 })]);
    ipc.reply(ok([status({ reads: 4 })]));
    ipc.reply(ok([status({ reads: 4 })]));
    await Promise.all([first, second]);
    expect(state.statuses?.[0]?.reads).toBe(5);
    state.close();
  });

  it('keeps the time of the latest wedge read, whatever order the reads are noted in', () => {
    const state = new ReaderStatusState(ipcDouble().api);
    expect(state.wedgeLastReadAt).toBeNull();
    state.noteWedgeRead(2_000);
    state.noteWedgeRead(1_000);
    expect(state.wedgeLastReadAt).toBe(2_000);
    state.noteWedgeRead(3_000);
    expect(state.wedgeLastReadAt).toBe(3_000);
  });

  it('reports a transport failure by a code, never by the exception text', async () => {
    const transport: IpcTransport = {
      invoke: () => Promise.reject(new Error('Error invoking remote method: boom')),
      on: () => () => undefined,
    };
    const state = new ReaderStatusState(createKioskApi(transport));
    await state.open();
    expect(state.error).toBe('ipc-handler-failed');
    state.close();
  });

  it('reports a failed fetch by its error code, and clears it with the next list', async () => {
    const ipc = ipcDouble();
    const state = new ReaderStatusState(ipc.api);
    const opened = state.open();
    ipc.reply(err({ code: 'ipc-handler-failed', message: 'reader:get-status failed.' }));
    await opened;
    expect(state.error).toBe('ipc-handler-failed');
    expect(state.statuses).toBeNull();
    ipc.emit([status()]);
    expect(state.error).toBeNull();
    expect(state.statuses).toEqual([status()]);
    state.close();
  });
});
