import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../card/card-bytes';
import { FRAME_BUFFER_BYTES, FrameDecoder } from './frame-decoder';
import { binaryFrame, concatBytes, lfcrFrame, lineFrame, rdm6300Frame } from './frame-builders';
import { MAX_CANDIDATE_BYTES } from './frame-rules';
import { FRAME_FORMATS, type FrameEvent, type WireFormat } from './frame-types';

const nonZeroId = (length: number) =>
  fc
    .uint8Array({ minLength: length, maxLength: length })
    .filter((b) => b.some((x) => x !== 0))
    .map(bytesToHex);

/** A valid frame of `format` and the canonical id the decoder must find in it. */
function validFrame(format: WireFormat): fc.Arbitrary<{ bytes: Uint8Array; cardId: string }> {
  switch (format) {
    case 'rdm6300':
      return fc
        .tuple(nonZeroId(5), fc.boolean())
        .map(([id, isLowercase]) => ({ bytes: rdm6300Frame(id, { isLowercase }), cardId: id }));
    case 'binary':
      return fc
        .constantFrom(4, 5, 7, 10)
        .chain(nonZeroId)
        .map((id) => ({ bytes: binaryFrame(id), cardId: id }));
    case 'lfcr':
      return nonZeroId(5).map((id) => ({ bytes: lfcrFrame(id), cardId: id }));
    case 'line':
      // A line is delimited by the terminator before it, as on a real line reader's wire.
      return nonZeroId(5).map((id) => ({
        bytes: concatBytes(lineFrame('', '\n'), lineFrame(id)),
        cardId: id,
      }));
  }
}

/** Splits bytes into chunks at arbitrary cut points. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.slice(from, p));
    from = p;
  }
  return chunks;
}

const noise = fc.uint8Array({ maxLength: 80 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('FrameDecoder properties', () => {
  it('the longest candidate of any rule fits the buffer', () => {
    expect(MAX_CANDIDATE_BYTES).toBeLessThan(FRAME_BUFFER_BYTES);
  });

  for (const format of FRAME_FORMATS) {
    it(`${format}: arbitrary byte streams at arbitrary times never throw nor outgrow the buffer`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 300 })), {
            maxLength: 30,
          }),
          (pushes) => {
            const decoder = new FrameDecoder(format);
            let at = 0;
            for (const [bytes, gap] of pushes) {
              at += gap;
              for (const event of decoder.push(bytes, at)) {
                if (event.kind === 'frame') expect(event.cardId).toMatch(/^[0-9A-F]+$/);
              }
              expect(decoder.bufferedLength).toBeLessThanOrEqual(FRAME_BUFFER_BYTES);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  for (const wire of ['rdm6300', 'binary', 'lfcr', 'line'] as const) {
    for (const format of [wire, 'auto'] as const) {
      it(`${format}: a valid ${wire} frame embedded anywhere in noise is found`, () => {
        fc.assert(
          fc.property(noise, validFrame(wire), noise, cuts, (before, frame, after, cutPoints) => {
            const decoder = new FrameDecoder(format);
            const events: FrameEvent[] = [];
            for (const chunk of chunked(concatBytes(before, frame.bytes, after), cutPoints)) {
              events.push(...decoder.push(chunk, 0));
            }
            const found = events.flatMap((e) => (e.kind === 'frame' ? [e.cardId] : []));
            expect(found).toContain(frame.cardId);
          }),
          { numRuns: 300 },
        );
      });
    }
  }

  it('a frame whose bytes arrive within the timeout is found whatever the gaps', () => {
    fc.assert(
      fc.property(
        validFrame('rdm6300'),
        fc.array(fc.nat({ max: 100 }), { minLength: 14, maxLength: 14 }),
        (frame, gaps) => {
          const decoder = new FrameDecoder('auto', { interByteTimeoutMs: 100 });
          let at = 0;
          const events = [...frame.bytes].flatMap((b, i) => {
            at += gaps[i] ?? 0;
            return decoder.push(Uint8Array.of(b), at);
          });
          expect(events).toEqual([
            { kind: 'frame', format: 'rdm6300', cardHex: frame.cardId, cardId: frame.cardId },
          ]);
        },
      ),
    );
  });
});
