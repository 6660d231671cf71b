import type { Page } from '@playwright/test';
import { contract, type EventDef, type InvokeDef, type PayloadOf } from '../shared/ipc/contract';
import type { z } from 'zod';
import type { FakeIpcMain } from '../electron/main/ipc/fake-ipc-main';
import type { InvokeEventLike } from '../electron/main/ipc/registrar';

/** One entry of the IPC contract, as the page-side double needs it to build `window.kiosk`. */
export interface ContractEntry {
  readonly domain: string;
  readonly name: string;
  readonly kind: 'invoke' | 'event';
  readonly channel: string;
}

/** Every entry of the contract, walked generically: a new channel needs no change here. */
export function contractEntries(): ContractEntry[] {
  return Object.entries(contract).flatMap(([domain, entries]) =>
    Object.entries(entries).map(([name, def]) => {
      const { kind, channel } = def as InvokeDef<z.ZodType, unknown> | EventDef<unknown>;
      return { domain, name, kind, channel };
    }),
  );
}

/** The page binding that carries one invoke channel (one per channel: no generic invoke). */
function bindingName(entry: ContractEntry): string {
  return `__kioskIpc_${entry.domain}_${entry.name}`;
}

/** The page-side hook that delivers main → renderer events to the listeners `window.kiosk` kept. */
const EMIT_HOOK = '__kioskIpcEmit';

/** What the double offers the test: main's side of the event channels. */
export interface KioskIpcDouble {
  /**
   * Delivers one contract event to the page's listeners, in the order sent. Resolves false when no
   * app page is loaded (the event is lost, as webContents.send before the page loads loses it).
   */
  emit<D extends EventDef<unknown>>(def: D, payload: PayloadOf<D>): Promise<boolean>;
}

/**
 * Stands in for the Electron IPC hop only (preload + ipcRenderer + ipcMain), for a page of the
 * built renderer in a plain browser. Must be called before the page loads the app. `window.kiosk`
 * is built in the page from the contract's entries: each invoke function calls its own exposed
 * binding, which invokes the handler registered on `ipcMain` (main's real registrar and handlers)
 * with an event naming the calling frame, so the sender check runs on the page's real frame; each
 * event function keeps its listeners for `emit`. Rejects only if Playwright cannot install it.
 */
export async function installKioskIpcDouble(
  page: Page,
  ipcMain: FakeIpcMain,
  kioskContentsId: number,
): Promise<KioskIpcDouble> {
  const entries = contractEntries();
  for (const entry of entries.filter((e) => e.kind === 'invoke')) {
    await page.exposeBinding(bindingName(entry), async (source, request: unknown) => {
      const event: InvokeEventLike = {
        sender: { id: kioskContentsId },
        senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() },
      };
      return ipcMain.invoke(entry.channel, event, request);
    });
  }
  await page.addInitScript(
    ({ entries, bindings, hook }) => {
      type Listener = (payload: unknown) => void;
      const page = globalThis as unknown as Record<string, unknown>;
      const listeners = new Map<string, Set<Listener>>();
      const api: Record<string, Record<string, unknown>> = {};
      entries.forEach((entry, i) => {
        const ns = (api[entry.domain] ??= {});
        if (entry.kind === 'invoke') {
          const binding = bindings[i] ?? '';
          ns[entry.name] = (request?: unknown) =>
            (page[binding] as (request: unknown) => Promise<unknown>)(request);
        } else {
          const set = new Set<Listener>();
          listeners.set(entry.channel, set);
          ns[entry.name] = (listener: Listener) => {
            // Wrapped so that subscribing one function twice gives two independent unsubscribes.
            const wrapped: Listener = (payload) => {
              listener(payload);
            };
            set.add(wrapped);
            return () => set.delete(wrapped);
          };
        }
      });
      for (const ns of Object.values(api)) Object.freeze(ns);
      page['kiosk'] = Object.freeze(api);
      page[hook] = (channel: string, payload: unknown) => {
        for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
      };
    },
    {
      entries,
      bindings: entries.map((e) => (e.kind === 'invoke' ? bindingName(e) : '')),
      hook: EMIT_HOOK,
    },
  );
  let queue: Promise<boolean> = Promise.resolve(true);
  return {
    emit(def, payload) {
      const next = queue.then(() =>
        page
          .evaluate(
            ([hook, channel, value]) => {
              const emit = (globalThis as unknown as Record<string, unknown>)[hook];
              if (typeof emit !== 'function') return false;
              (emit as (channel: string, payload: unknown) => void)(channel, value);
              return true;
            },
            [EMIT_HOOK, def.channel, payload] as const,
          )
          // A page navigating or closing loses the event, as webContents.send does; the queue
          // must survive it so that later events are still delivered in order.
          .catch((e: unknown) => {
            if (page.isClosed() || /context was destroyed|navigat/i.test(String(e))) return false;
            throw e;
          }),
      );
      queue = next.catch(() => false);
      return next;
    },
  };
}
