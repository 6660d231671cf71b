import { describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import { CardFrameStream } from './card-frame-stream';
import { FrameDecoder } from './frame-decoder';
import {
  binaryFrame,
  bytesOf,
  concatBytes,
  lfcrFrame,
  lineFrame,
  rdm6300Frame,
} from './frame-builders';
import type { FrameEvent, FrameFormat } from './frame-types';

/** Feeds the chunks, all at time `at`, to a fresh decoder. */
function decode(format: FrameFormat, chunks: readonly Uint8Array[], at = 1000): FrameEvent[] {
  const decoder = new FrameDecoder(format);
  return chunks.flatMap((c) => decoder.push(c, at));
}

function ids(events: readonly FrameEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'frame' ? [e.cardId] : []));
}

function reasons(events: readonly FrameEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'rejected' ? [e.reason] : []));
}

/** Every way the bytes may arrive: whole, byte by byte, and split in two at each position. */
function deliveries(bytes: Uint8Array): { name: string; chunks: Uint8Array[] }[] {
  const out = [
    { name: 'whole', chunks: [bytes] },
    { name: 'byte by byte', chunks: [...bytes].map((b) => Uint8Array.of(b)) },
  ];
  for (let k = 1; k < bytes.length; k++) {
    out.push({ name: `split at ${k}`, chunks: [bytes.slice(0, k), bytes.slice(k)] });
  }
  return out;
}

/** Noise that holds no frame start, hex digit or line terminator, so auto sees it as noise. */
const NOISE = bytesOf('FF 00 7F 80 13 EE 01 C3 5A 04');

describe('RDM6300 ASCII vectors', () => {
  for (const v of vectors.rdm6300_ascii) {
    for (const format of ['rdm6300', 'auto'] as const) {
      it(`${v.name} (${format}) in every delivery gives its EM4100 id`, () => {
        for (const { name, chunks } of deliveries(bytesOf(v.frame))) {
          const events = decode(format, chunks);
          expect(events, name).toEqual([
            {
              kind: 'frame',
              format: 'rdm6300',
              cardHex: v.expect.em4100Hex,
              cardId: v.expect.em4100Hex,
            },
          ]);
        }
      });
    }
    it(`${v.name} in lowercase hex is read the same`, () => {
      const lower = rdm6300Frame(v.expect.em4100Hex, { isLowercase: true });
      expect(ids(decode('rdm6300', [lower]))).toEqual([v.expect.em4100Hex]);
      expect(ids(decode('auto', [lower]))).toEqual([v.expect.em4100Hex]);
    });
  }

  it('the builder reproduces every vector byte for byte', () => {
    for (const v of vectors.rdm6300_ascii) {
      expect(rdm6300Frame(v.expect.em4100Hex)).toEqual(bytesOf(v.frame));
    }
  });
});

describe('RDM6300 negative and stream vectors', () => {
  interface StreamVector {
    name: string;
    bytes?: string;
    chunks?: string[];
  }
  const streamVectors: readonly StreamVector[] = vectors.rdm6300_negative_and_stream;
  const chunksOfVector = (name: string): Uint8Array[] => {
    const v = streamVectors.find((s) => s.name.startsWith(`${name} `));
    if (v === undefined) throw new Error(`no vector ${name}`);
    return v.bytes !== undefined ? [bytesOf(v.bytes)] : (v.chunks ?? []).map(bytesOf);
  };
  const bytesOfVector = (name: string): Uint8Array => concatBytes(...chunksOfVector(name));

  for (const format of ['rdm6300', 'auto'] as const) {
    it(`N1 bad checksum is rejected and counted (${format})`, () => {
      for (const { name, chunks } of deliveries(bytesOfVector('N1'))) {
        expect(decode(format, chunks), name).toEqual([
          { kind: 'rejected', reason: 'bad-checksum', format: 'rdm6300' },
        ]);
      }
    });

    it(`N2 missing ETX is rejected as malformed (${format})`, () => {
      for (const { name, chunks } of deliveries(bytesOfVector('N2'))) {
        const events = decode(format, chunks);
        expect(ids(events), name).toEqual([]);
        expect(reasons(events), name).toEqual(['malformed']);
      }
    });

    it(`N3 noise before STX is skipped (${format})`, () => {
      for (const { name, chunks } of deliveries(bytesOfVector('N3'))) {
        expect(ids(decode(format, chunks)), name).toEqual(['14008EC793']);
      }
    });

    it(`N4 all-zero id is rejected (${format})`, () => {
      for (const { name, chunks } of deliveries(bytesOfVector('N4'))) {
        expect(decode(format, chunks), name).toEqual([
          { kind: 'rejected', reason: 'all-zero', format: 'rdm6300' },
        ]);
      }
    });

    it(`N5 five frames of a held card decode to five frames, one read after debouncing (${format})`, () => {
      const bytes = bytesOfVector('N5');
      for (const { name, chunks } of deliveries(bytes)) {
        expect(ids(decode(format, chunks)), name).toEqual(Array(5).fill('14008EC793'));
      }
      // One second of a held card: a frame every 200 ms, each under the 250 ms debounce.
      const stream = new CardFrameStream({ format, source: 'serial' });
      const frame = bytes.slice(0, 14);
      const reads = [0, 200, 400, 600, 800].flatMap((t) => stream.push(frame, 10_000 + t).reads);
      expect(reads).toEqual([
        { cardId: '14008EC793', format: 'rdm6300', source: 'serial', at: 10_000 },
      ]);
    });

    it(`N6 split delivery gives the one id (${format})`, () => {
      const chunks = chunksOfVector('N6');
      expect(chunks).toHaveLength(3);
      expect(ids(decode(format, chunks))).toEqual(['14008EC793']);
    });

    it(`N8 two cards back to back are two reads (${format})`, () => {
      for (const { name, chunks } of deliveries(bytesOfVector('N8'))) {
        expect(ids(decode(format, chunks)), name).toEqual(['14008EC793', '4B00423C15']);
      }
      const stream = new CardFrameStream({ format, source: 'serial' });
      expect(stream.push(bytesOfVector('N8'), 0).reads.map((r) => r.cardId)).toEqual([
        '14008EC793',
        '4B00423C15',
      ]);
    });
  }

  it('a lost ETX whose place holds the next STX loses only the broken frame', () => {
    const broken = rdm6300Frame('14008EC793').slice(0, 13);
    const events = decode('rdm6300', [concatBytes(broken, rdm6300Frame('4B00423C15'))]);
    expect(ids(events)).toEqual(['4B00423C15']);
    expect(reasons(events)).toEqual(['malformed']);
  });
});

describe('binary and LF/CR vectors', () => {
  for (const v of vectors.binary_stx_len_type) {
    for (const format of ['binary', 'auto'] as const) {
      it(`${v.name} (${format}) in every delivery`, () => {
        for (const { name, chunks } of deliveries(bytesOf(v.bytes))) {
          expect(decode(format, chunks), name).toEqual([
            {
              kind: 'frame',
              format: 'binary',
              cardHex: v.expect.em4100Hex,
              cardId: v.expect.em4100Hex,
            },
          ]);
        }
      });
    }
    it(`${v.name} is reproduced by the builder; a flipped BCC is rejected`, () => {
      const bytes = bytesOf(v.bytes);
      expect(binaryFrame(v.expect.em4100Hex)).toEqual(bytes);
      const bad = bytes.slice();
      bad[8] = (bad[8] ?? 0) ^ 0x01;
      expect(reasons(decode('binary', [bad]))).toEqual(['bad-checksum']);
    });
  }

  it('binary MIFARE frames of 4, 7 and 10 bytes give UIDs in read order', () => {
    for (const uid of ['E43AC9D2', '04A1B2C3D4E5F6', '0102030405060708090A']) {
      expect(ids(decode('binary', [binaryFrame(uid)]))).toEqual([uid]);
      expect(ids(decode('auto', [binaryFrame(uid)]))).toEqual([uid]);
    }
  });

  for (const v of vectors.lf_cr_ascii) {
    for (const format of ['lfcr', 'auto'] as const) {
      it(`${v.name} (${format}) in every delivery`, () => {
        for (const { name, chunks } of deliveries(bytesOf(v.bytes))) {
          expect(decode(format, chunks), name).toEqual([
            {
              kind: 'frame',
              format: 'lfcr',
              cardHex: v.expect.em4100Hex,
              cardId: v.expect.em4100Hex,
            },
          ]);
        }
      });
    }
  }

  it('an all-zero LF/CR frame is rejected; a wrong trailer is malformed', () => {
    expect(reasons(decode('lfcr', [lfcrFrame('0000000000')]))).toEqual(['all-zero']);
    const bad = lfcrFrame('0F0184F07A');
    bad[11] = 0x00;
    expect(reasons(decode('lfcr', [bad]))).toEqual(['malformed']);
  });
});

describe('plain lines', () => {
  it('reads hex and decimal ids terminated by CR, LF or CR LF', () => {
    for (const format of ['line', 'auto'] as const) {
      for (const terminator of ['\r', '\n', '\r\n'] as const) {
        const bytes = concatBytes(
          lineFrame('14008ec793', terminator),
          lineFrame('0009357203', terminator),
        );
        const events = decode(format, [bytes]);
        expect(events, `${format} ${JSON.stringify(terminator)}`).toEqual([
          { kind: 'frame', format: 'line', cardHex: '14008EC793', cardId: '14008EC793' },
          { kind: 'frame', format: 'line', cardHex: '0009357203', cardId: '0009357203' },
        ]);
      }
    }
  });

  it('rejects an all-zero line and a line that is no card id', () => {
    expect(reasons(decode('line', [lineFrame('0000000000')]))).toEqual(['all-zero']);
    expect(reasons(decode('line', [lineFrame('ABCDEF0')]))).toEqual(['malformed']);
  });

  it('an over-long line is rejected as overflow and the next line is read', () => {
    const long = lineFrame('1'.repeat(200));
    const events = decode('line', [concatBytes(long, lineFrame('4B00423C15'))]);
    expect(events).toEqual([
      { kind: 'rejected', reason: 'overflow', format: 'line' },
      { kind: 'frame', format: 'line', cardHex: '4B00423C15', cardId: '4B00423C15' },
    ]);
  });
});

describe('streams: several frames, noise, timing', () => {
  const all = [
    rdm6300Frame('14008EC793'),
    bytesOf(vectors.binary_stx_len_type[0]?.bytes ?? ''),
    bytesOf(vectors.lf_cr_ascii[0]?.bytes ?? ''),
    rdm6300Frame('4B00423C15', { isLowercase: true }),
  ];
  const expected = ['14008EC793', '06008E6D5D', '0F0184F07A', '4B00423C15'];

  it('auto reads every format in one push, and mixed with noise in every delivery', () => {
    expect(ids(decode('auto', [concatBytes(...all)]))).toEqual(expected);
    const noisy = concatBytes(NOISE, ...all.flatMap((f) => [f, NOISE]));
    for (const { name, chunks } of deliveries(noisy)) {
      const events = decode('auto', chunks);
      expect(ids(events), name).toEqual(expected);
      expect(reasons(events), name).toEqual([]);
    }
  });

  it('a strict format ignores frames of the other formats', () => {
    const stream = concatBytes(...all);
    expect(ids(decode('rdm6300', [stream]))).toEqual(['14008EC793', '4B00423C15']);
    expect(ids(decode('binary', [stream]))).toEqual(['06008E6D5D']);
    expect(ids(decode('lfcr', [stream]))).toEqual(['0F0184F07A']);
  });

  it('a frame cut by the inter-byte timeout is rejected, and the next frame is read', () => {
    const decoder = new FrameDecoder('auto', { interByteTimeoutMs: 100 });
    const frame = rdm6300Frame('14008EC793');
    expect(decoder.push(frame.slice(0, 6), 0)).toEqual([]);
    expect(decoder.push(frame.slice(6), 150)).toEqual([
      { kind: 'rejected', reason: 'timeout', format: 'rdm6300' },
    ]);
    expect(decoder.bufferedLength).toBe(0);
    expect(ids(decoder.push(frame, 300))).toEqual(['14008EC793']);
    expect(decoder.push(frame.slice(0, 3), 400)).toEqual([]);
    expect(decoder.push(frame.slice(3), 480)).toEqual([
      { kind: 'frame', format: 'rdm6300', cardHex: '14008EC793', cardId: '14008EC793' },
    ]);
  });

  it('expire() reports a stale partial frame without new bytes', () => {
    const decoder = new FrameDecoder('binary');
    decoder.push(binaryFrame('06008E6D5D').slice(0, 4), 0);
    expect(decoder.expire(50)).toEqual([]);
    expect(decoder.expire(101)).toEqual([
      { kind: 'rejected', reason: 'timeout', format: 'binary' },
    ]);
    expect(decoder.expire(500)).toEqual([]);
  });

  it('rejects invalid options with a RangeError', () => {
    expect(() => new FrameDecoder('auto', { interByteTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => new FrameDecoder('auto', { interByteTimeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
