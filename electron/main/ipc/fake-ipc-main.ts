import type { InvokeEventLike, IpcMainLike } from './registrar';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/**
 * Test double of Electron's ipcMain (a boundary no real part reaches here). Behaves like the real
 * one where it matters: a second handler for a channel throws, and invoking a channel without a
 * handler rejects, as ipcRenderer.invoke does.
 */
export class FakeIpcMain implements IpcMainLike {
  private readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
    return await listener(event, ...args);
  }
}

/** An invoke event as the kiosk window's main frame sends it. */
export function kioskEvent(
  overrides: { id?: number; url?: string; parent?: unknown; noFrame?: boolean } = {},
): InvokeEventLike {
  return {
    sender: { id: overrides.id ?? 1 },
    senderFrame: overrides.noFrame
      ? null
      : { url: overrides.url ?? 'app://kiosk/index.html', parent: overrides.parent ?? null },
  };
}
