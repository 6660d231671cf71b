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
  /**
   * Whether a stripped burst is a whole card (shared/card/card-forms.ts `wedgeCardForm`). A fast
   * burst ending in Enter that is not is dropped as `no-card-form`, never reported as a card.
   */
  isCard: (value: string) => boolean;
  onCard: (read: WedgeRead) => void;
  /**
   * A burst was dropped (WedgeDiscard): `cut-short` (no Enter, reader unplugged), `too-long`,
   * `no-card-form`, `split` (the rest of a burst whose start was already settled) or `detached`.
   */
  onDiscard?: (reason: WedgeDiscard) => void;
  /** Wall clock for `WedgeRead.at`; defaults to Date.now. */
  now?: () => number;
  /**
   * Silence after the last held key before the burst is settled without its Enter; defaults to
   * twice maxGapMs. Keep it above maxGapMs: a timer firing while the burst's next key still waits
   * in the event queue (busy main thread) would split the burst.
   */
  silenceMs?: number;
}

/** Why a burst was dropped (see WedgeDetectorOptions.onDiscard). */
export type WedgeDiscard = 'cut-short' | 'too-long' | 'no-card-form' | 'split' | 'detached';
