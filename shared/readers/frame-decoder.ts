import { CR, LF, STX, evaluate, guessFormat } from './frame-rules';
import type { FrameEvent, FrameFormat } from './frame-types';

/** Bytes a decoder buffers at most, whatever arrives: above MAX_CANDIDATE_BYTES of the rules. */
export const FRAME_BUFFER_BYTES = 64;
/**
 * A frame whose bytes stop for longer than this is cut (docs/card-readers.md: 20–100 ms): a
 * 14-byte frame takes 15 ms at 9600 baud, and USB adapters deliver within a few ms.
 */
export const DEFAULT_INTER_BYTE_TIMEOUT_MS = 100;

/** Tuning of a FrameDecoder; the default suits every reader we know of. */
export interface FrameDecoderOptions {
  readonly interByteTimeoutMs?: number;
}

/**
 * A byte-framing state machine for one serial reader: bytes in, frame events out. Pure: time is
 * passed in, no timers inside. The buffer is a fixed array of FRAME_BUFFER_BYTES; a candidate frame
 * that fails is dropped by its first byte only and the rest rescanned, so a frame that starts inside
 * noise or inside a broken frame is still found (resynchronisation on the next STX or LF).
 */
export class FrameDecoder {
  readonly format: FrameFormat;
  readonly interByteTimeoutMs: number;
  readonly #buf = new Uint8Array(FRAME_BUFFER_BYTES);
  #len = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  /** Skipping the rest of an overflowed line, up to its terminator. */
  #isSkippingLine = false;
  /** The previous line ended in CR, so an LF right after it belongs to it (CR LF). */
  #isLfExpected = false;

  /** Throws a RangeError when the timeout is not a positive finite number (a programming error). */
  constructor(format: FrameFormat, options: FrameDecoderOptions = {}) {
    const timeout = options.interByteTimeoutMs ?? DEFAULT_INTER_BYTE_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new RangeError(`interByteTimeoutMs must be positive, got ${timeout}`);
    }
    this.format = format;
    this.interByteTimeoutMs = timeout;
  }

  /** Bytes held for an incomplete frame; never above FRAME_BUFFER_BYTES. */
  get bufferedLength(): number {
    return this.#len;
  }

  /**
   * Feeds bytes that arrived at `at` (epoch ms) and returns the frames they completed and the
   * frames refused, in wire order. A partial frame older than the inter-byte timeout is first
   * reported as `timeout` and dropped. Never throws, whatever the bytes.
   */
  push(bytes: Uint8Array, at: number): FrameEvent[] {
    const events = this.expire(at);
    if (bytes.length > 0) this.#lastAt = at;
    for (const b of bytes) this.#feed(b, events);
    return events;
  }

  /**
   * Reports and drops a partial frame whose bytes stopped more than the timeout before `at`; a
   * caller may call it from a timer to learn of cut frames without waiting for the next bytes.
   */
  expire(at: number): FrameEvent[] {
    if (at - this.#lastAt <= this.interByteTimeoutMs) return [];
    const events: FrameEvent[] = [];
    if (this.#len > 0) {
      const format = guessFormat(this.format, this.#buf, this.#len);
      events.push(
        format === undefined
          ? { kind: 'rejected', reason: 'timeout' }
          : { kind: 'rejected', reason: 'timeout', format },
      );
    }
    this.reset();
    return events;
  }

  /** Forgets any partial frame, e.g. when the port was closed and reopened. */
  reset(): void {
    this.#len = 0;
    this.#isSkippingLine = false;
    this.#isLfExpected = false;
  }

  #feed(b: number, events: FrameEvent[]): void {
    if (this.#isLfExpected) {
      this.#isLfExpected = false;
      if (b === LF && this.#len === 0) return;
    }
    if (this.#isSkippingLine) {
      if (b === CR || b === LF) {
        this.#isSkippingLine = false;
        this.#isLfExpected = b === CR;
        return;
      }
      if (b !== STX || this.format === 'line') return;
      this.#isSkippingLine = false;
    }
    if (this.#len === FRAME_BUFFER_BYTES) {
      // Unreachable while every rule decides within MAX_CANDIDATE_BYTES; kept as the bound's guard.
      events.push({ kind: 'rejected', reason: 'overflow' });
      this.#len = 0;
    }
    this.#buf[this.#len++] = b;
    this.#drain(events);
  }

  #drain(events: FrameEvent[]): void {
    while (this.#len > 0) {
      const step = evaluate(this.format, this.#buf, this.#len);
      switch (step.t) {
        case 'more':
          return;
        case 'drop':
          this.#shift(step.n);
          break;
        case 'emit':
          events.push(step.event);
          this.#shift(step.n);
          if (step.isCrTerminated === true && this.#len === 0) this.#isLfExpected = true;
          break;
        case 'overflow':
          events.push({ kind: 'rejected', reason: 'overflow', format: 'line' });
          this.#len = 0;
          this.#isSkippingLine = true;
          return;
      }
    }
  }

  #shift(n: number): void {
    this.#buf.copyWithin(0, n, this.#len);
    this.#len -= n;
  }
}
