/**
 * Card-reader benchmark. (1) Decoder throughput: frames per second through CardFrameStream in
 * `auto` mode over a mixed stream (RDM6300, binary, LF/CR and plain-line frames, distinct cards)
 * fed in 64-byte chunks, pure, no I/O. (2) Latency from a frame's last byte written on a socat pty
 * to the CardRead event of the in-app SerialCardReader, both sides timed with performance.now() in
 * this one process. Prints figures, then one JSON line last:
 * {"frames_per_s": …, "p50_ms": …, "p95_ms": …}. Run: `npm run bench:readers` (needs socat).
 * Sizes can be lowered for a quick look: BENCH_FRAMES, BENCH_SAMPLES.
 */
import { performance } from 'node:perf_hooks';
import type { CardRead } from '#shared/domain/types';
import { CardFrameStream } from '#shared/readers/card-frame-stream';
import { binaryFrame, lfcrFrame, lineFrame, rdm6300Frame } from '#shared/readers/frame-builders';
import { SerialCardReader } from '#electron/main/readers/serial-card-reader';
import { PtyPair, nextValue } from '#electron/main/readers/testing/pty-pair';
import { runBench, type Teardown } from './bench-lifecycle';
import { summarize } from './bench-stats';
import { envCount } from './bench-env';

const FRAMES = envCount('BENCH_FRAMES', 200_000);
const SAMPLES = envCount('BENCH_SAMPLES', 300);
const WARMUP = 20;
const CHUNK_BYTES = 64;

/** A distinct 5-byte EM4100 id per index (0x3B prefix keeps bench cards apart from demo cards). */
function cardOf(i: number): string {
  return `3B${(0x10000000 + i * 7919).toString(16).toUpperCase().padStart(8, '0')}`;
}

function frameOf(i: number): Uint8Array {
  const card = cardOf(i);
  switch (i % 4) {
    case 0:
      return rdm6300Frame(card);
    case 1:
      return binaryFrame(card);
    case 2:
      return lfcrFrame(card);
    default:
      return lineFrame(card);
  }
}

function throughput(): { framesPerS: number; seconds: number; reads: number } {
  const frames = Array.from({ length: FRAMES }, (_, i) => frameOf(i));
  const wire = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  frames.reduce((offset, f) => {
    wire.set(f, offset);
    return offset + f.length;
  }, 0);
  const stream = new CardFrameStream({ format: 'auto', source: 'serial' });
  let reads = 0;
  let rejected = 0;
  const started = performance.now();
  for (let offset = 0, at = 0; offset < wire.length; offset += CHUNK_BYTES, at += 1) {
    const out = stream.push(wire.subarray(offset, offset + CHUNK_BYTES), at);
    reads += out.reads.length;
    rejected += out.rejected.length;
  }
  const seconds = (performance.now() - started) / 1000;
  // A benchmark that decodes wrongly measures nothing: every frame must come out as a read.
  if (reads !== FRAMES || rejected !== 0) {
    throw new Error(`decoded ${reads} reads and ${rejected} rejections from ${FRAMES} frames`);
  }
  return { framesPerS: FRAMES / seconds, seconds, reads };
}

async function latency(teardown: Teardown): Promise<number[]> {
  const pty = await PtyPair.create();
  teardown.add(() => pty.dispose());
  const reader = new SerialCardReader(
    { name: 'bench', path: pty.readerPath, format: 'auto', baudRate: 9600, debounceMs: 250 },
    { clock: () => performance.now() },
  );
  teardown.add(() => reader.close());
  const arrivals = new Map<string, number>();
  reader.onCard((read) => {
    arrivals.set(read.cardId, performance.now());
  });
  await reader.open();
  if (reader.status().state !== 'connected') {
    throw new Error(`the reader did not connect: ${reader.status().detail ?? ''}`);
  }
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES + WARMUP; i += 1) {
    const card = cardOf(FRAMES + i);
    const received = nextValue(
      (listener: (read: CardRead) => void) => reader.onCard(listener),
      (read) => read.cardId === card,
      `the read of ${card}`,
    );
    pty.write(rdm6300Frame(card));
    const writtenAt = performance.now();
    await received;
    const readAt = arrivals.get(card) ?? Number.NaN;
    if (i >= WARMUP) samples.push(readAt - writtenAt);
    // Spaced like presentations at a desk, so each read starts from an idle port.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return samples;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function main(teardown: Teardown): Promise<void> {
  const t = throughput();
  console.log(
    `decoder: ${FRAMES} frames (rdm6300, binary, lfcr, line) in ${t.seconds.toFixed(3)} s ` +
      `= ${Math.round(t.framesPerS)} frames/s, ${t.reads} reads`,
  );
  const samples = await latency(teardown);
  const s = summarize(samples);
  console.log(
    `pty → CardRead: ${s.n} reads, min ${s.min.toFixed(2)} ms, p50 ${s.p50.toFixed(2)} ms, ` +
      `p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`,
  );
  console.log(
    JSON.stringify({
      frames_per_s: Math.round(t.framesPerS),
      p50_ms: round(s.p50, 2),
      p95_ms: round(s.p95, 2),
    }),
  );
}

await runBench(main);
