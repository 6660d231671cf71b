import { contract, type EventDef, type InvokeDef, type KioskApi } from './contract';
import type { Result } from '../result';
import type { z } from 'zod';

/**
 * The two primitives a transport offers. In the preload they wrap ipcRenderer; in tests, a typed
 * double routes them to main's registrar. Nothing else crosses the boundary.
 */
export interface IpcTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribes to an event channel; returns the unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.kiosk` from the contract: one function per entry, namespaced by domain.
 * It never exposes the transport itself nor a generic invoke(channel).
 */
export function createKioskApi(transport: IpcTransport): KioskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [domain, entries] of Object.entries(contract)) {
    const ns: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(entries) as [
      string,
      InvokeDef<z.ZodType, unknown> | EventDef<unknown>,
    ][]) {
      const channel = def.channel;
      ns[name] =
        def.kind === 'invoke'
          ? (request?: unknown) => transport.invoke(channel, request) as Promise<Result<unknown>>
          : (listener: (payload: unknown) => void) => transport.on(channel, listener);
    }
    api[domain] = Object.freeze(ns);
  }
  return Object.freeze(api) as unknown as KioskApi;
}

/** Every invoke channel of the contract with its definition, for main's registrar and tests. */
export function invokeDefinitions(): InvokeDef<z.ZodType, unknown>[] {
  return Object.values(contract).flatMap((entries) =>
    Object.values(entries).filter(
      (d): d is InvokeDef<z.ZodType, unknown> => (d as { kind: string }).kind === 'invoke',
    ),
  );
}
