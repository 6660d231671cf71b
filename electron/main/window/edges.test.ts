import { describe, expect, it } from 'vitest';
import {
  CloseGuard,
  EDGE_SWITCHES,
  isRefusedShortcut,
  lockEdges,
  type EdgeContents,
  type KeyInput,
  type Preventable,
} from './edges';

const PROD = { isDev: false };
const DEV = { isDev: true };

function key(
  k: string,
  mods: Partial<Omit<KeyInput, 'key' | 'type'>> = {},
  type = 'keyDown',
): KeyInput {
  return { type, key: k, control: false, meta: false, alt: false, shift: false, ...mods };
}

describe('the shortcuts a production kiosk refuses', () => {
  it('refuses reload, zoom, print, close, quit, history and devtools keys', () => {
    const refused: KeyInput[] = [
      key('F5'),
      key('F11'),
      key('F12'),
      key('BrowserBack'),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('r', { meta: true }),
      key('+', { control: true }),
      key('=', { control: true }),
      key('-', { control: true }),
      key('0', { control: true }),
      key('p', { control: true }),
      key('w', { control: true }),
      key('q', { meta: true }),
      key('I', { control: true, shift: true }),
      key('J', { control: true, shift: true }),
      key('i', { meta: true, alt: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('ArrowRight', { alt: true }),
    ];
    for (const input of refused)
      expect(isRefusedShortcut(input, PROD), JSON.stringify(input)).toBe(true);
  });

  it('lets plain typing through: the wedge reader and the on-screen keyboard', () => {
    const typed = [
      key('0'),
      key('9'),
      key('Enter'),
      key('a'),
      key('É', { shift: true }),
      key('@', { alt: true }), // AltGr on a Belgian keyboard
      key('Backspace'),
      key('ArrowLeft'),
      key('v', { control: true }), // paste: harmless, and a host may paste an address
    ];
    for (const input of typed)
      expect(isRefusedShortcut(input, PROD), JSON.stringify(input)).toBe(false);
  });

  it('refuses nothing in development, and never a key-up', () => {
    expect(isRefusedShortcut(key('F12'), DEV)).toBe(false);
    expect(isRefusedShortcut(key('r', { control: true }), DEV)).toBe(false);
    expect(isRefusedShortcut(key('F5', {}, 'keyUp'), PROD)).toBe(false);
  });
});

type Listener = (event: Preventable, input: KeyInput) => void;

/** Records listeners like WebContents, fires them with a preventable event. */
class FakeContents implements EdgeContents {
  readonly listeners = new Map<string, Listener[]>();
  zoomLimits: [number, number] | null = null;
  zoomFactor = 1.5;
  failLimits = false;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    if (this.failLimits) return Promise.reject(new Error('gone'));
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomFactor(factor: number): void {
    this.zoomFactor = factor;
  }
  /** Fires `event`; whether a listener prevented it. */
  fire(event: string, input?: KeyInput): boolean {
    let prevented = false;
    const listeners = this.listeners.get(event) ?? [];
    expect(listeners.length, event).toBeGreaterThan(0);
    for (const l of listeners) l({ preventDefault: () => (prevented = true) }, input ?? key(''));
    return prevented;
  }
}

describe('lockEdges', () => {
  it('refuses shortcuts and context menus, holds pinch zoom and page zoom at 1', async () => {
    const contents = new FakeContents();
    const logged: string[] = [];
    lockEdges(contents, { isDev: false, log: (m) => logged.push(m) });
    expect(contents.fire('before-input-event', key('F5'))).toBe(true);
    expect(contents.fire('before-input-event', key('7'))).toBe(false);
    expect(contents.fire('context-menu')).toBe(true);
    contents.fire('zoom-changed');
    expect(contents.zoomFactor).toBe(1);
    contents.fire('did-finish-load');
    await Promise.resolve();
    expect(contents.zoomLimits).toEqual([1, 1]);
    contents.failLimits = true;
    contents.fire('did-finish-load');
    await new Promise((r) => setTimeout(r, 0));
    expect(logged).toEqual(['pinch zoom could not be turned off']);
  });

  it('leaves development alone: context menu, zoom and every key', () => {
    const contents = new FakeContents();
    lockEdges(contents, { isDev: true, log: () => undefined });
    expect(contents.fire('before-input-event', key('F12'))).toBe(false);
    expect(contents.fire('context-menu')).toBe(false);
    contents.fire('zoom-changed');
    expect(contents.zoomFactor).toBe(1.5);
  });

  it('turns swipe navigation and pinch off with Chromium switches', () => {
    expect(Object.fromEntries(EDGE_SWITCHES)).toEqual({
      'overscroll-history-navigation': '0',
      'disable-pinch': '',
    });
  });
});

describe('CloseGuard', () => {
  it('refuses every close until the host leaves kiosk mode', () => {
    const guard = new CloseGuard();
    let prevented = 0;
    const event = { preventDefault: () => (prevented += 1) };
    guard.onClose(event);
    guard.onClose(event);
    expect(prevented).toBe(2);
    expect(guard.isLeaving).toBe(false);
    guard.allowLeaving();
    guard.onClose(event);
    expect(prevented).toBe(2);
    expect(guard.isLeaving).toBe(true);
  });
});
