import type { Page } from '@playwright/test';
import { contract, type EventDef, type InvokeDef, type PayloadOf } from '#shared/ipc/contract';
import type { z } from 'zod';
import type { FakeIpcMain } from '#electron/main/ipc/fake-ipc-main';
import type { InvokeEventLike } from '#electron/main/ipc/registrar';
import type { KioskContents } from '#electron/main/wiring/main-ports';
import { plainJson } from './plain-json';

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

/** The page-side copy of `plainJson`. */
const PLAIN_JSON_HOOK = '__kioskIpcPlainJson';

/**
 * What crosses a binding: `j`, the value as JSON, when JSON carries it exactly; else `o`, the value
 * itself, for Playwright's own serializer. Playwright serializes a large object value by value and
 * validates each against its protocol (about 100 ms for a 500-record sync page), where Electron's
 * structured clone of the same takes a few ms; one string costs Playwright next to nothing.
 */
type Wire = { readonly j: string } | { readonly o: unknown };

function toWire(value: unknown): Wire {
  const j = plainJson(value);
  return j === undefined ? { o: value } : { j };
}

function fromWire(wire: Wire): unknown {
  return 'j' in wire ? JSON.parse(wire.j) : wire.o;
}

/** One event main sent through the double's `contents`. */
export interface SentEvent {
  readonly channel: string;
  readonly payload: unknown;
  /** True once delivered, false when lost (no app page loaded); never rejects (see `failures`). */
  readonly delivery: Promise<boolean>;
}

/** What the double offers the test: main's side of the event channels. */
export interface KioskIpcDouble {
  /**
   * Delivers one contract event to the page's listeners, in the order sent. Resolves false when no
   * app page is loaded (the event is lost, as webContents.send before the page loads loses it).
   */
  emit<D extends EventDef<unknown>>(def: D, payload: PayloadOf<D>): Promise<boolean>;
  /**
   * The kiosk window's web contents as main's wiring sees them (the `KioskContents` port): its
   * id is the one invokes carry, and `send` delivers an event of the contract through `emit`.
   * `send` throws for a channel that is not an event of the contract, as no real page would
   * listen to it.
   */
  readonly contents: KioskContents;
  /** Every event sent through `contents`, in order. */
  readonly sent: readonly SentEvent[];
  /** Why deliveries failed other than by the page being away (a broken double); empty when none. */
  readonly failures: readonly unknown[];
}

/**
 * Stands in for the Electron IPC hop only (preload + ipcRenderer + ipcMain), for a page of the
 * built renderer in a plain browser. Must be called before the page loads the app. `window.kiosk`
 * is built in the page from the contract's entries: each invoke function calls its own exposed
 * binding, which invokes the handler registered on `ipcMain` (main's real registrar and handlers)
 * with an event naming the calling frame, so the sender check runs on the page's real frame; each
 * event function keeps its listeners for `emit`, which main's wiring reaches through `contents`
 * (its KioskContents port). Rejects only if Playwright cannot install it.
 */
export async function installKioskIpcDouble(
  page: Page,
  ipcMain: FakeIpcMain,
  kioskContentsId: number,
): Promise<KioskIpcDouble> {
  const entries = contractEntries();
  for (const entry of entries.filter((e) => e.kind === 'invoke')) {
    await page.exposeBinding(bindingName(entry), async (source, request: Wire) => {
      const event: InvokeEventLike = {
        sender: { id: kioskContentsId },
        senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() },
      };
      return toWire(await ipcMain.invoke(entry.channel, event, fromWire(request)));
    });
  }
  // Installed as source text so that the page runs the very function Node runs.
  await page.addInitScript({ content: `globalThis.${PLAIN_JSON_HOOK} = ${plainJson.toString()};` });
  await page.addInitScript(
    ({ entries, bindings, hook, jsonHook }) => {
      type Listener = (payload: unknown) => void;
      type PageWire = { j: string } | { o: unknown };
      const page = globalThis as unknown as Record<string, unknown>;
      const json = page[jsonHook] as (value: unknown) => string | undefined;
      const listeners = new Map<string, Set<Listener>>();
      const api: Record<string, Record<string, unknown>> = {};
      entries.forEach((entry, i) => {
        const ns = (api[entry.domain] ??= {});
        if (entry.kind === 'invoke') {
          const binding = bindings[i] ?? '';
          ns[entry.name] = async (request?: unknown) => {
            const j = json(request);
            const reply = await (page[binding] as (request: PageWire) => Promise<PageWire>)(
              j === undefined ? { o: request } : { j },
            );
            return 'j' in reply ? (JSON.parse(reply.j) as unknown) : reply.o;
          };
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
      jsonHook: PLAIN_JSON_HOOK,
    },
  );
  let queue: Promise<boolean> = Promise.resolve(true);
  const eventChannels = new Set(entries.filter((e) => e.kind === 'event').map((e) => e.channel));
  const sent: SentEvent[] = [];
  const failures: unknown[] = [];
  const double: KioskIpcDouble = {
    contents: {
      id: kioskContentsId,
      isDestroyed: () => page.isClosed(),
      send(channel, ...args) {
        if (!eventChannels.has(channel))
          throw new Error(`${channel} is not an event of the contract`);
        const delivery = deliver(channel, args[0]).catch((e: unknown) => {
          failures.push(e);
          return false;
        });
        sent.push({ channel, payload: args[0], delivery });
      },
    },
    sent,
    failures,
    emit: (def, payload) => deliver(def.channel, payload),
  };
  return double;

  function deliver(channel: string, payload: unknown): Promise<boolean> {
    const next = queue.then(() =>
      page
        .evaluate(
          ([hook, name, value]) => {
            const emit = (globalThis as unknown as Record<string, unknown>)[hook];
            if (typeof emit !== 'function') return false;
            (emit as (channel: string, payload: unknown) => void)(name, value);
            return true;
          },
          [EMIT_HOOK, channel, payload] as const,
        )
        // A page navigating or closing loses the event, as webContents.send does; the queue
        // must survive it so that later events are still delivered in order.
        .catch((e: unknown) => {
          if (
            page.isClosed() ||
            /context was destroyed|navigat|has been closed|target closed/i.test(String(e))
          )
            return false;
          throw e;
        }),
    );
    queue = next.catch(() => false);
    return next;
  }
}
