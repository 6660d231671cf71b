/**
 * The lockdown at the edges a touch kiosk meets (issue 13, point 5): keyboard shortcuts that
 * would reload, zoom, print, close or open devtools; pinch zoom; swipe navigation; long-press
 * context menus; closing the window. Plain decisions and small handlers over structural types,
 * with no Electron value imported, so each is unit-tested; kiosk-window.ts and index.ts hand
 * Electron's objects to them. Text selection and image dragging are refused in the page's CSS
 * (renderer/src/styles/global.css), where they happen.
 */

/** The fields of Electron's `Input` (before-input-event) the shortcut guard reads. */
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

/** Keys that act alone: reload (F5), full-screen toggle (F11), devtools (F12), caret browsing (F7). */
const BARE_KEYS = new Set([
  'F5',
  'F7',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
]);

/**
 * Letters and symbols that do something with Ctrl (Cmd on macOS): reload, zoom, print, save,
 * find, open, new window, close, quit, view source, history, devtools (with Shift), select all.
 */
const COMMAND_KEYS = new Set([
  'r',
  'p',
  's',
  'f',
  'g',
  'o',
  'n',
  't',
  'w',
  'q',
  'u',
  'h',
  'j',
  'i',
  'c',
  'a',
  'l',
  'd',
  '+',
  '=',
  '-',
  '_',
  '0',
  'Add',
  'Subtract',
]);

/**
 * Whether the kiosk refuses `input` (a before-input-event): in production every shortcut above,
 * Alt+F4 and Alt+arrows (history), so no key reloads, zooms, prints, navigates, closes or opens
 * devtools. Plain typing is never refused: the on-screen keyboard and the wedge reader type
 * without modifiers (a wedge's Enter, digits and letters pass). Development (`isDev`) refuses
 * nothing, so devtools and reload work there. Key-up events pass (only key-down acts).
 */
export function isRefusedShortcut(input: KeyInput, opts: { isDev: boolean }): boolean {
  if (opts.isDev || input.type !== 'keyDown') return false;
  if (BARE_KEYS.has(input.key)) return true;
  const command = input.control || input.meta;
  if (command && COMMAND_KEYS.has(input.key.length === 1 ? input.key.toLowerCase() : input.key)) {
    return true;
  }
  if (
    input.alt &&
    (input.key === 'F4' || input.key === 'ArrowLeft' || input.key === 'ArrowRight')
  ) {
    return true;
  }
  return false;
}

/** A preventable event; Electron's events have this method. */
export interface Preventable {
  preventDefault(): void;
}

/** The web-contents surface the edge lockdown touches; Electron's WebContents satisfies it. */
export interface EdgeContents {
  // One overload per event, as in Electron's typings (see lockdown.ts's HardenableContents).
  /* eslint-disable @typescript-eslint/unified-signatures */
  on(event: 'before-input-event', listener: (event: Preventable, input: KeyInput) => void): unknown;
  on(event: 'context-menu', listener: (event: Preventable) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'zoom-changed', listener: () => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void>;
  setZoomFactor(factor: number): void;
}

/**
 * Applies the edges to the kiosk's web contents: refused shortcuts (isRefusedShortcut), no
 * context menu (a long press on a touch screen opens one), pinch zoom held at 1 after every
 * load (Chromium resets the limits with each document), and page zoom (Ctrl+wheel) put back
 * to 100 % whenever it changes. `log` hears a failed zoom-limit call.
 */
export function lockEdges(
  contents: EdgeContents,
  opts: { isDev: boolean; log: (message: string, error?: unknown) => void },
): void {
  contents.on('before-input-event', (event, input) => {
    if (isRefusedShortcut(input, opts)) event.preventDefault();
  });
  contents.on('context-menu', (event) => {
    if (!opts.isDev) event.preventDefault();
  });
  contents.on('zoom-changed', () => {
    if (!opts.isDev) contents.setZoomFactor(1);
  });
  contents.on('did-finish-load', () => {
    contents.setVisualZoomLevelLimits(1, 1).catch((e: unknown) => {
      opts.log('pinch zoom could not be turned off', e);
    });
  });
}

/**
 * Chromium switches set before `ready`: no history navigation by an overscroll swipe (touch
 * screens and touchpads), and no pinch zoom at all. Pairs of name and value for
 * `app.commandLine.appendSwitch`.
 */
export const EDGE_SWITCHES: readonly (readonly [string, string])[] = [
  ['overscroll-history-navigation', '0'],
  ['disable-pinch', ''],
];

/**
 * Whether the kiosk window may close. The kiosk refuses every close request (Alt+F4 through a
 * window manager, a stray `window.close()`), until the host chose "leave kiosk mode" behind the
 * PIN (`allowLeaving`). If the app ends anyway, the system's supervisor restarts it.
 */
export class CloseGuard {
  #isLeaving = false;

  /** The host left kiosk mode: closes are let through from now on. */
  allowLeaving(): void {
    this.#isLeaving = true;
  }

  get isLeaving(): boolean {
    return this.#isLeaving;
  }

  /** The window's `close` listener: prevents the close unless leaving was allowed. */
  readonly onClose = (event: Preventable): void => {
    if (!this.#isLeaving) event.preventDefault();
  };
}
