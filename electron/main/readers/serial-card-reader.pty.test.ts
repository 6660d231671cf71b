import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import type { CardRead } from '#shared/domain/types';
import {
  binaryFrame,
  bytesOf,
  concatBytes,
  lfcrFrame,
  lineFrame,
  rdm6300Frame,
} from '#shared/readers/frame-builders';
import type { ReaderStatus } from '#shared/ipc/contract';
import type { ReaderRejection } from './card-reader';
import { SerialCardReader, type SerialReaderConfig } from './serial-card-reader';
import { PtyPair, nextValue } from './testing/pty-pair';

/**
 * The in-app serial reader over a real pty pair (socat). Time is the reader's injected clock,
 * frozen during each exchange and moved 1 s between exchanges (the card left the reader), so no
 * inter-byte timeout or debounce depends on the machine's speed. Each exchange ends with a
 * sentinel card: its read proves every byte written before it was processed, so "exactly these
 * reads" is checked without sleeping.
 */

const SENTINEL = 'ABCDEF0123';
const NOISE = bytesOf('FF 00 7F 80 13 EE 01 C3 5A 04');

function serialConfig(overrides: Partial<SerialReaderConfig>): SerialReaderConfig {
  return { name: 'desk', format: 'auto', baudRate: 9600, debounceMs: 250, ...overrides };
}

function vectorBytes(name: string): Uint8Array[] {
  const v: { name: string; bytes?: string; chunks?: string[] } | undefined =
    vectors.rdm6300_negative_and_stream.find((s) => s.name.startsWith(`${name} `));
  if (v === undefined) throw new Error(`no vector ${name}`);
  return v.bytes !== undefined ? [bytesOf(v.bytes)] : (v.chunks ?? []).map(bytesOf);
}

describe('SerialCardReader over a real pty', () => {
  let pty: PtyPair;
  let reader: SerialCardReader;
  let now = 1_000_000;
  const reads: CardRead[] = [];
  const rejections: ReaderRejection[] = [];

  beforeAll(async () => {
    pty = await PtyPair.create();
    reader = new SerialCardReader(serialConfig({ path: pty.readerPath }), {
      clock: () => now,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    reader.onCard((read) => reads.push(read));
    reader.onRejected((rejection) => rejections.push(rejection));
    await reader.open();
    expect(reader.status()).toMatchObject({ state: 'connected', detail: pty.readerPath });
  });

  afterAll(async () => {
    await reader.close();
    await pty.dispose();
  });

  /** Writes each chunk as its own write, then the sentinel; returns what the writes produced. */
  async function exchange(
    writes: readonly Uint8Array[],
  ): Promise<{ reads: CardRead[]; rejected: string[] }> {
    now += 1000;
    const firstRead = reads.length;
    const firstRejection = rejections.length;
    const sentinel = nextValue(
      (l: (read: CardRead) => void) => reader.onCard(l),
      (read) => read.cardId === SENTINEL,
      'the sentinel read',
    );
    for (const chunk of writes) {
      pty.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    pty.write(rdm6300Frame(SENTINEL));
    await sentinel;
    return {
      reads: reads.slice(firstRead, -1),
      rejected: rejections.slice(firstRejection).map((r) => r.reason),
    };
  }

  function expectedReads(cardIds: readonly string[], format = 'rdm6300'): CardRead[] {
    return cardIds.map((cardId) => ({ cardId, format, source: 'serial', at: now }));
  }

  it('reads every RDM6300 vector written whole', async () => {
    for (const v of vectors.rdm6300_ascii) {
      const result = await exchange([bytesOf(v.frame)]);
      expect(result.reads, v.name).toEqual(expectedReads([v.expect.em4100Hex]));
      expect(result.rejected, v.name).toEqual([]);
    }
  });

  it('reads a frame written byte by byte and split at every position', async () => {
    const frame = bytesOf(vectors.rdm6300_ascii[2]?.frame ?? '');
    expect((await exchange([...frame].map((b) => Uint8Array.of(b)))).reads).toEqual(
      expectedReads(['4B00423C15']),
    );
    for (let k = 1; k < frame.length; k++) {
      const result = await exchange([frame.slice(0, k), frame.slice(k)]);
      expect(result.reads, `split at ${k}`).toEqual(expectedReads(['4B00423C15']));
    }
  });

  it('gives the expected reads and rejections for the negative and stream vectors', async () => {
    const cases: [string, string[], string[]][] = [
      ['N1', [], ['bad-checksum']],
      ['N2', [], ['malformed']],
      ['N3', ['14008EC793'], []],
      ['N4', [], ['all-zero']],
      ['N5', ['14008EC793'], []],
      ['N6', ['14008EC793'], []],
      ['N8', ['14008EC793', '4B00423C15'], []],
    ];
    for (const [name, cardIds, rejected] of cases) {
      const result = await exchange(vectorBytes(name));
      expect(result.reads, name).toEqual(expectedReads(cardIds));
      expect(result.rejected, name).toEqual(rejected);
    }
  });

  it('reads binary, LF/CR and line frames, several in one write and mixed with noise', async () => {
    const binary = bytesOf(vectors.binary_stx_len_type[0]?.bytes ?? '');
    const lfcr = bytesOf(vectors.lf_cr_ascii[0]?.bytes ?? '');
    expect((await exchange([binary])).reads).toEqual(expectedReads(['06008E6D5D'], 'binary'));
    expect((await exchange([lfcr])).reads).toEqual(expectedReads(['0F0184F07A'], 'lfcr'));
    expect((await exchange([lineFrame('0004340757')])).reads).toEqual(
      expectedReads(['0004340757'], 'line'),
    );

    const several = concatBytes(rdm6300Frame('14008EC793'), binary, lfcr, binaryFrame('E43AC9D2'));
    const together = await exchange([several]);
    expect(together.reads.map((r) => [r.cardId, r.format])).toEqual([
      ['14008EC793', 'rdm6300'],
      ['06008E6D5D', 'binary'],
      ['0F0184F07A', 'lfcr'],
      ['E43AC9D2', 'binary'],
    ]);

    const noisy = await exchange([
      NOISE,
      rdm6300Frame('307E4DE5C2'),
      NOISE,
      lfcrFrame('4B00423C15'),
      NOISE,
    ]);
    expect(noisy.reads.map((r) => r.cardId)).toEqual(['307E4DE5C2', '4B00423C15']);
    expect(noisy.rejected).toEqual([]);
  });

  it('counts reads and rejections in its status', () => {
    const status = reader.status();
    expect(status.reads).toBe(reads.length);
    expect(status.rejected).toBe(rejections.length);
    expect(status.rejected).toBeGreaterThanOrEqual(3);
  });

  it('goes disconnected when the pty disappears and resumes reading when it comes back', async () => {
    const disconnected = nextValue<ReaderStatus>(
      (l) => reader.onStatus(l),
      (s) => s.state === 'disconnected',
      'status disconnected',
    );
    await pty.kill();
    expect((await disconnected).detail).toContain(pty.readerPath);

    const connected = nextValue<ReaderStatus>(
      (l) => reader.onStatus(l),
      (s) => s.state === 'connected',
      'status connected',
    );
    await pty.start();
    await connected;
    const result = await exchange([bytesOf(vectors.rdm6300_ascii[0]?.frame ?? '')]);
    expect(result.reads).toEqual(expectedReads(['14008EC793']));
  });
});
