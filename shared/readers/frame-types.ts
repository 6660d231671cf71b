/**
 * The vocabulary of serial card frames (docs/card-readers.md): the formats a reader may be
 * configured with, and what a decoder yields for each frame it sees on the wire.
 */

/** Frame formats of the kiosk config (`readers.serial[].format`); `auto` recognises all of them. */
export const FRAME_FORMATS = ['auto', 'rdm6300', 'binary', 'lfcr', 'line'] as const;
export type FrameFormat = (typeof FRAME_FORMATS)[number];
/** A format actually seen on the wire (what `auto` resolved a frame to). */
export type WireFormat = Exclude<FrameFormat, 'auto'>;

/**
 * Why a frame was refused. `malformed`: the frame had its full length but a wrong trailer, or a
 * line held no card id; `overflow`: a line grew past the bound; `timeout`: the bytes of a frame
 * stopped arriving before it was complete. Noise outside any frame is dropped without a reason.
 */
export type RejectReason = 'bad-checksum' | 'all-zero' | 'malformed' | 'overflow' | 'timeout';

/** A complete, valid frame. */
export interface FrameAccepted {
  readonly kind: 'frame';
  readonly format: WireFormat;
  /** The id as carried on the wire, uppercase; for `line` frames the line's digits (hex or decimal). */
  readonly cardHex: string;
  /** The canonical card id (shared/card/card-id.ts): 10 uppercase hex digits for EM4100. */
  readonly cardId: string;
}

/** A refused frame; `format` is set when the decoder could tell which format it was. */
export interface FrameRejected {
  readonly kind: 'rejected';
  readonly reason: RejectReason;
  readonly format?: WireFormat;
}

export type FrameEvent = FrameAccepted | FrameRejected;

/** Parses a config or command-line format name; null when it is not one. */
export function parseFrameFormat(name: string): FrameFormat | null {
  return (FRAME_FORMATS as readonly string[]).includes(name) ? (name as FrameFormat) : null;
}
