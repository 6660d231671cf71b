import { isModifierCode, isTerminatorCode, wedgeCharOf } from './key-codes';

/** A card id typed by a keyboard-wedge reader, prefix and suffix stripped. */
export interface WedgeRead {
  value: string;
  /** Epoch ms at which the terminating Enter arrived. */
  at: number;
}

/** Settings of one detector; the first four come from the kiosk config `readers.wedge`. */
export interface WedgeDetectorOptions {
  /** Longest gap between two keys of one reader burst (config `readers.wedge.maxGapMs`). */
  maxGapMs: number;
  /** Fewest characters a card id has after stripping; shorter bursts are a person typing. */
  minLength: number;
  /** Stripped from the start of a burst when present, compared in the decoded alphabet. */
  prefix: string;
  /** Stripped from the end of a burst when present, compared in the decoded alphabet. */
  suffix: string;
  onCard: (read: WedgeRead) => void;
  /** A burst was dropped: `cut-short` (no Enter, reader unplugged), `too-long`, `detached`. */
  onDiscard?: (reason: string) => void;
  /** Wall clock for `WedgeRead.at`; defaults to Date.now. */
  now?: () => number;
  /**
   * Silence after the last held key before the burst is settled without its Enter; defaults to
   * twice maxGapMs. Keep it above maxGapMs: a timer firing while the burst's next key still waits
   * in the event queue (busy main thread) would split the burst.
   */
  silenceMs?: number;
}

interface HeldKey {
  char: string;
  key: string;
}

// No reader id comes near this; a longer fast run without Enter is not a card.
const MAX_BURST = 64;
// Fewer fast keys than this, then silence, is a person who paused; this many is a reader cut off.
const CUT_SHORT_MIN = 3;

/**
 * Tells a keyboard-wedge reader's burst (keys a few ms apart, ending in Enter) from a person
 * typing, whatever has focus (docs/card-readers.md, keyboard wedge).
 *
 * It listens to keydown on the window in the capture phase, before any page handler, and decodes
 * each key from `KeyboardEvent.code` (see key-codes.ts), never from `.key`. Candidate keys are held
 * back (default prevented, propagation stopped) while undecided, so a burst never reaches a focused
 * field. The held keys are settled as:
 * - a card, when Enter (or NumpadEnter) follows within maxGapMs and at least minLength characters
 *   remain after stripping: Enter is swallowed too and `onCard` is called;
 * - a person, when the next key comes later than maxGapMs, a key that is not a candidate arrives
 *   (it then passes through after the replay), Enter comes too late or too short, or fewer than
 *   3 keys were held when silence fell: their `.key` characters are replayed, in order, at the
 *   caret of the focused editable element, as typed (so an AZERTY user gets `é`, not `2`);
 * - discarded, when 3 or more fast keys end in silence without Enter (a reader unplugged mid-id).
 * Keys with Ctrl, Alt or Meta, auto-repeats and IME composition are never held: they settle what
 * is held as a person, then pass through untouched. Lone modifier keys are ignored.
 *
 * Hazard: held keys reach no keydown listener of the page, even when replayed as a person; page
 * code reads typed text through `input` events (which the replay fires), not keydown.
 */
export class WedgeDetector {
  readonly #opts: WedgeDetectorOptions;
  readonly #now: () => number;
  readonly #silenceMs: number;
  #held: HeldKey[] = [];
  #lastAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #doc: Document | null = null;

  constructor(opts: WedgeDetectorOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#silenceMs = opts.silenceMs ?? opts.maxGapMs * 2;
  }

  /**
   * Starts listening on `target`; returns the detach function, which stops listening and drops
   * any held keys (reported as `detached`). Throws if this detector is already attached.
   */
  attach(target: Window): () => void {
    if (this.#doc !== null) {
      throw new Error('WedgeDetector is already attached; detach it first.');
    }
    this.#doc = target.document;
    const listener = (event: KeyboardEvent): void => {
      this.#onKeyDown(event);
    };
    target.addEventListener('keydown', listener, { capture: true });
    return () => {
      target.removeEventListener('keydown', listener, { capture: true });
      if (this.#held.length > 0) {
        this.#discard('detached');
      }
      this.#doc = null;
    };
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing || event.repeat || event.ctrlKey || event.altKey || event.metaKey) {
      this.#replay();
      return;
    }
    if (isModifierCode(event.code)) {
      return;
    }
    const char = wedgeCharOf(event.code);
    if (char !== null) {
      this.#hold(event, char);
      return;
    }
    if (isTerminatorCode(event.code) && this.#held.length > 0) {
      this.#terminate(event);
      return;
    }
    this.#replay();
  }

  #hold(event: KeyboardEvent, char: string): void {
    if (this.#held.length > 0 && event.timeStamp - this.#lastAt > this.#opts.maxGapMs) {
      this.#replay();
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    this.#held.push({ char, key: event.key });
    this.#lastAt = event.timeStamp;
    if (this.#held.length > MAX_BURST) {
      this.#discard('too-long');
      return;
    }
    this.#armSilence();
  }

  #terminate(event: KeyboardEvent): void {
    const value = this.#strip(this.#held.map((h) => h.char).join(''));
    const isFast = event.timeStamp - this.#lastAt <= this.#opts.maxGapMs;
    if (!isFast || value.length < this.#opts.minLength) {
      this.#replay();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    this.#clear();
    this.#opts.onCard({ value, at: this.#now() });
  }

  #strip(decoded: string): string {
    let value = decoded;
    const prefix = this.#opts.prefix.toUpperCase();
    const suffix = this.#opts.suffix.toUpperCase();
    if (prefix !== '' && value.startsWith(prefix)) {
      value = value.slice(prefix.length);
    }
    if (suffix !== '' && value.endsWith(suffix)) {
      value = value.slice(0, value.length - suffix.length);
    }
    return value;
  }

  #armSilence(isRetry = false): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
    }
    const armedAt = performance.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Fired long after it was due: the page was busy, and the burst's next keys may be queued
      // behind this timer. Wait once more so they are handled first, as their timestamps deserve.
      const lateMs = performance.now() - armedAt - this.#silenceMs;
      if (!isRetry && lateMs > this.#opts.maxGapMs) {
        this.#armSilence(true);
        return;
      }
      if (this.#held.length >= CUT_SHORT_MIN) {
        this.#discard('cut-short');
      } else {
        this.#replay();
      }
    }, this.#silenceMs);
  }

  /** Settles the held keys as a person's: their own characters go to the focused field. */
  #replay(): void {
    if (this.#held.length === 0) {
      return;
    }
    // `.key` is a name, not a character, for keys like 'Dead' or 'Unidentified': skip those.
    const text = this.#held
      .map((h) => h.key)
      .filter((k) => /^.$/u.test(k))
      .join('');
    this.#clear();
    const doc = this.#doc;
    if (text !== '' && doc !== null && isEditable(doc.activeElement)) {
      // The one API that inserts at the caret exactly as typing does, for every input type, with
      // undo history and the `input` event that Svelte bindings listen to.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      doc.execCommand('insertText', false, text);
    }
  }

  #discard(reason: string): void {
    this.#clear();
    this.#opts.onDiscard?.(reason);
  }

  #clear(): void {
    this.#held = [];
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

function isEditable(el: Element | null): boolean {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    return !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}
