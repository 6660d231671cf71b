import { insertAtCaret } from './caret-insert';
import { afterYield, isInputPending } from './input-queue';
import { isModifierCode, isTerminatorCode, wedgeCharOf } from './key-codes';
import type { WedgeDetectorOptions, WedgeDiscard } from './wedge-options';

export type { WedgeDetectorOptions, WedgeDiscard, WedgeRead } from './wedge-options';

interface HeldKey {
  char: string;
  key: string;
}

// No reader id comes near this; a longer fast run without Enter is not a card.
const MAX_BURST = 64;
// Fewer fast keys than this, then silence, is a person who paused; this many is a reader cut off.
const CUT_SHORT_MIN = 3;
// Times the silence is re-armed while input is still queued, before it settles regardless.
const MAX_PENDING_WAITS = 20;

/**
 * A burst the silence timer settled without seeing its next key: a guess, made by the wall clock,
 * that the next key's timestamp can prove wrong. `keys` are kept when they were dropped (they can
 * be restored); keys replayed into a field are gone, so their burst's rest must be dropped too.
 */
interface Guess {
  lastAt: number;
  keys: HeldKey[] | null;
}

/**
 * Tells a keyboard-wedge reader's burst (keys a few ms apart, ending in Enter) from a person
 * typing, whatever has focus (docs/card-readers.md, keyboard wedge).
 *
 * It listens to keydown on the window in the capture phase, before any page handler, and decodes
 * each key from `KeyboardEvent.code` (see key-codes.ts), never from `.key`. Candidate keys are held
 * back (default prevented, propagation stopped) while undecided, so a burst never reaches a focused
 * field. Gaps are judged by the events' own timestamps (`timeStamp`: when the OS received the
 * key), never by when they are delivered: a busy page receives a reader's 5 ms keys 80 ms apart.
 * The held keys are settled as:
 * - a card, when Enter (or NumpadEnter) follows within maxGapMs, at least minLength characters
 *   remain after stripping and they are a whole card (`isCard`): Enter is swallowed and `onCard`
 *   is called; a fast burst with Enter that is long enough but no card is dropped (`no-card-form`);
 * - a person, when the next key comes later than maxGapMs, a key that is not a candidate arrives
 *   (it then passes through after the replay), Enter comes too late or too short, or fewer than
 *   3 keys were held when silence fell: their `.key` characters are replayed, in order, at the
 *   caret of the focused editable element, as typed (so an AZERTY user gets `é`, not `2`);
 * - discarded, when 3 or more fast keys end in silence without Enter (a reader unplugged mid-id).
 * Silence is the one judgement made by the clock rather than by timestamps, so it waits while
 * Chromium reports input still queued (isInputPending), yields once to the event loop, and stays a
 * guess: when the next key's timestamp shows it belonged to the settled burst, dropped keys are
 * taken back (the read is whole after all), and after keys already replayed the rest of the burst
 * is dropped (`split`). A read is thus whole or nothing, never a part.
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
  // The current burst continues one already replayed into a field: it can only be dropped.
  #isSplit = false;
  #guess: Guess | null = null;
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
      this.#guess = null;
      this.#doc = null;
    };
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing || event.repeat || event.ctrlKey || event.altKey || event.metaKey) {
      this.#guess = null;
      this.#replay();
      return;
    }
    if (isModifierCode(event.code)) {
      return;
    }
    const char = wedgeCharOf(event.code);
    const isTerminator = isTerminatorCode(event.code);
    if (char !== null || isTerminator) this.#revisitGuess(event.timeStamp, char !== null);
    if (char !== null) {
      this.#hold(event, char);
      return;
    }
    if (isTerminator && this.#held.length > 0) {
      this.#terminate(event);
      return;
    }
    // Another key (Tab, an arrow) ends whatever came before: no later key continues it.
    this.#guess = null;
    this.#replay();
  }

  // The silence timer settled the last burst; this key's timestamp may show it came too soon.
  // A lone Enter after keys replayed into a field is left to the field: it ends what they typed.
  #revisitGuess(at: number, isChar: boolean): void {
    const guess = this.#guess;
    this.#guess = null;
    if (guess === null || this.#held.length > 0 || at - guess.lastAt > this.#opts.maxGapMs) return;
    if (guess.keys !== null) {
      this.#held = guess.keys;
    } else if (isChar) {
      this.#isSplit = true;
    } else {
      return;
    }
    this.#lastAt = guess.lastAt;
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
    if (!isFast || (value.length < this.#opts.minLength && !this.#isSplit)) {
      this.#replay();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (this.#isSplit) {
      this.#discard('split');
    } else if (!this.#opts.isCard(value)) {
      this.#discard('no-card-form');
    } else {
      this.#clear();
      this.#opts.onCard({ value, at: this.#now() });
    }
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

  #armSilence(waits = 0): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
    }
    const armedAt = performance.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Fired late (a busy page) or with input queued: the burst's next keys may be waiting
      // behind this timer. Wait again so they are handled first, as their timestamps deserve.
      const lateMs = performance.now() - armedAt - this.#silenceMs;
      if (
        waits < MAX_PENDING_WAITS &&
        (isInputPending() || (waits === 0 && lateMs > this.#opts.maxGapMs))
      ) {
        this.#armSilence(waits + 1);
        return;
      }
      this.#settleAfterYield();
    }, this.#silenceMs);
  }

  // One more turn of the event loop first: a key queued meanwhile is handled before the settle.
  #settleAfterYield(): void {
    const held = this.#held;
    afterYield(() => {
      if (this.#held !== held || held.length === 0 || this.#timer !== undefined) return;
      this.#settleSilence();
    });
  }

  #settleSilence(): void {
    const lastAt = this.#lastAt;
    if (this.#isSplit) {
      this.#discard('split');
      this.#guess = { lastAt, keys: null };
    } else if (this.#held.length >= CUT_SHORT_MIN) {
      const keys = this.#held;
      this.#discard('cut-short');
      this.#guess = { lastAt, keys };
    } else {
      // Keys typed nowhere (no field has focus, as on the home screen) are not gone: keep them.
      const keys = this.#held;
      this.#guess = { lastAt, keys: this.#replay() ? null : keys };
    }
  }

  /**
   * Settles the held keys as a person's: their own characters go to the focused field. Returns
   * whether any went into a field (a burst's rest can then no longer make it whole).
   */
  #replay(): boolean {
    if (this.#isSplit) {
      // The rest of a burst whose start is already in a field: neither a card nor typing.
      this.#discard('split');
      return false;
    }
    if (this.#held.length === 0) {
      return false;
    }
    // `.key` is a name, not a character, for keys like 'Dead' or 'Unidentified': skip those.
    const text = this.#held
      .map((h) => h.key)
      .filter((k) => /^.$/u.test(k))
      .join('');
    this.#clear();
    const doc = this.#doc;
    return text !== '' && doc !== null && insertAtCaret(doc, text);
  }

  #discard(reason: WedgeDiscard): void {
    this.#clear();
    this.#opts.onDiscard?.(reason);
  }

  #clear(): void {
    this.#held = [];
    this.#isSplit = false;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
