import type { z } from 'zod';
import { invokeDefinitions } from '#shared/ipc/api';
import type { EventDef, InvokeDef, PayloadOf, RequestOf, ResponseOf } from '#shared/ipc/contract';
import { err, type Result } from '#shared/result';
import { isAllowedNavigation } from '../window/lockdown';
import type { IpcErrorCode } from '#shared/ipc/codes';

/**
 * The one way main answers the renderer (docs/decisions/0001): every handler is registered through
 * createIpcRegistrar, which checks the sender, validates the request against the contract's schema
 * and returns `Result<T>`. Nothing thrown by a handler crosses the process boundary.
 */

/** What the registrar reads of an invoke event; Electron's IpcMainInvokeEvent satisfies it. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The part of Electron's IpcMain the registrar uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

type AnyInvokeDef = InvokeDef<z.ZodType, unknown>;

/** A handler answers with data or a typed error; it may also throw, which becomes ipc-handler-failed. */
export type InvokeHandler<D extends AnyInvokeDef> = (
  request: RequestOf<D>,
) => Result<ResponseOf<D>> | Promise<Result<ResponseOf<D>>>;

export interface IpcRegistrar {
  /**
   * Registers the handler of one contract entry. Throws at registration (a programming error found
   * at start, never at run time) when the entry is not in the contract or is already registered.
   */
  handle<D extends AnyInvokeDef>(def: D, handler: InvokeHandler<D>): void;
  /** Channels registered so far, for the completeness test and start-up checks. */
  channels(): readonly string[];
  /** Removes every handler this registrar added. */
  dispose(): void;
}

export interface IpcRegistrarOptions {
  ipcMain: IpcMainLike;
  isTrustedSender: (event: InvokeEventLike) => boolean;
  /** Where handler failures are logged; the renderer only sees a generic message. */
  log?: (message: string, error: unknown) => void;
}

/**
 * Trusts a sender only when it is the main frame of the kiosk window's web contents and that frame
 * shows the app origin. `getKioskContentsId` returns null before the window exists (nobody trusted).
 */
export function kioskSenderCheck(opts: {
  appOrigin: string;
  getKioskContentsId: () => number | null;
}): (event: InvokeEventLike) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    const kioskId = opts.getKioskContentsId();
    return (
      frame !== null &&
      frame.parent === null &&
      kioskId !== null &&
      event.sender.id === kioskId &&
      isAllowedNavigation(frame.url, opts.appOrigin)
    );
  };
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Creates the registrar; see IpcRegistrar for its contract. */
export function createIpcRegistrar(opts: IpcRegistrarOptions): IpcRegistrar {
  const known = new Set(invokeDefinitions().map((d) => d.channel));
  const registered = new Set<string>();
  const log = opts.log ?? (() => undefined);

  return {
    handle<D extends AnyInvokeDef>(def: D, handler: InvokeHandler<D>): void {
      if (!known.has(def.channel)) {
        throw new Error(`IPC channel ${def.channel} is not an invoke entry of the contract`);
      }
      if (registered.has(def.channel)) {
        throw new Error(`IPC channel ${def.channel} already has a handler`);
      }
      registered.add(def.channel);
      opts.ipcMain.handle(def.channel, async (event, ...args): Promise<Result<unknown>> => {
        if (!opts.isTrustedSender(event)) {
          return err({
            code: 'ipc-untrusted-sender' satisfies IpcErrorCode,
            message: 'The sender is not the kiosk page.',
          });
        }
        if (args.length > 1) {
          return err({
            code: 'ipc-invalid-request' satisfies IpcErrorCode,
            message: `Invalid request for ${def.channel}.`,
            details: ['(root): expected at most one argument'],
          });
        }
        const parsed = def.request.safeParse(args[0]);
        if (!parsed.success) {
          return err({
            code: 'ipc-invalid-request' satisfies IpcErrorCode,
            message: `Invalid request for ${def.channel}.`,
            details: formatIssues(parsed.error.issues),
          });
        }
        try {
          return await handler(parsed.data as RequestOf<D>);
        } catch (e) {
          log(`IPC handler for ${def.channel} failed`, e);
          return err({
            code: 'ipc-handler-failed' satisfies IpcErrorCode,
            message: `${def.channel} failed.`,
          });
        }
      });
    },
    channels: () => [...registered],
    dispose(): void {
      for (const channel of registered) opts.ipcMain.removeHandler(channel);
      registered.clear();
    },
  };
}

/** What sendEvent needs of a web contents; Electron's WebContents satisfies it. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Sends one contract event to the renderer. Returns false (and sends nothing) when the contents
 * are gone, e.g. during a crash reload; events are notifications, so a lost one is not an error.
 */
export function sendEvent<D extends EventDef<unknown>>(
  target: EventSink,
  def: D,
  payload: PayloadOf<D>,
): boolean {
  if (target.isDestroyed()) return false;
  target.send(def.channel, payload);
  return true;
}
