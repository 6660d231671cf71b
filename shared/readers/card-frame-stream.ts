import type { CardRead, CardSource } from '../domain/types';
import { Debouncer, DEFAULT_DEBOUNCE_MS } from './debouncer';
import { FrameDecoder } from './frame-decoder';
import type { FrameFormat, FrameRejected } from './frame-types';

/** The reader's config as the stream needs it: frame format, CardRead source, timings. */
export interface CardFrameStreamOptions {
  readonly format: FrameFormat;
  readonly source: CardSource;
  readonly debounceMs?: number;
  readonly interByteTimeoutMs?: number;
}

/** What one chunk of bytes produced: debounced reads and every refused frame. */
export interface StreamOutput {
  readonly reads: CardRead[];
  readonly rejected: FrameRejected[];
}

/**
 * The whole pipeline of a byte-stream reader, as the kiosk and the diagnostics command run it:
 * frame decoding, then debouncing (one CardRead per presentation, `cardId` canonical, `format` the
 * wire format, `at` the chunk's arrival). Pure; throws only on invalid options (RangeError).
 */
export class CardFrameStream {
  readonly #decoder: FrameDecoder;
  readonly #debouncer: Debouncer;
  readonly #source: CardSource;

  constructor(options: CardFrameStreamOptions) {
    this.#decoder = new FrameDecoder(
      options.format,
      options.interByteTimeoutMs === undefined
        ? {}
        : { interByteTimeoutMs: options.interByteTimeoutMs },
    );
    this.#debouncer = new Debouncer(options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.#source = options.source;
  }

  /** Feeds a chunk received at `at` (epoch ms). Never throws. */
  push(bytes: Uint8Array, at: number): StreamOutput {
    const reads: CardRead[] = [];
    const rejected: FrameRejected[] = [];
    for (const event of this.#decoder.push(bytes, at)) {
      if (event.kind === 'rejected') rejected.push(event);
      else if (this.#debouncer.accept(event.cardId, at)) {
        reads.push({ cardId: event.cardId, format: event.format, source: this.#source, at });
      }
    }
    return { reads, rejected };
  }

  /** Drops partial frames and the card present: the port was reopened, the wire restarted. */
  reset(): void {
    this.#decoder.reset();
    this.#debouncer.reset();
  }
}
