import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import { PtyPair } from '#electron/main/readers/testing/pty-pair';
import { binaryFrame, bytesOf, concatBytes, rdm6300Frame } from '#shared/readers/frame-builders';

/**
 * The diagnostics command, spawned as installers run it, reading a real pty (socat). It uses the
 * real clock, so each exchange ends with a sentinel card that alternates between two ids (a
 * different card is always a new read): its line proves every earlier byte was handled, without
 * sleeping. A generous --timeout-ms keeps byte-by-byte writes whole on a loaded machine.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The command as `npm run readers` runs it: one Node process, which gets the test's signals. */
const COMMAND = [process.execPath, '--import', 'tsx', 'scripts/readers.ts'] as const;
const spawnCommand = (args: readonly string[]) =>
  spawn(COMMAND[0], [...COMMAND.slice(1), ...args], { cwd: ROOT });
const SENTINELS = ['ABCDEF0123', 'ABCDEF0456'];
const NOISE = bytesOf('FF 00 7F 80 13 EE 01 C3 5A 04');

/**
 * A binary frame with a broken BCC: its stderr line closes an exchange's rejections. stdout and
 * stderr are separate pipes, so a rejection written before the sentinel's read may still arrive
 * after it; written only once the sentinel is seen, the marker's line comes after all of them.
 */
const MARKER = (() => {
  const frame = binaryFrame('ABCDEF0789');
  frame[frame.length - 2] = (frame[frame.length - 2] ?? 0) ^ 0xff;
  return frame;
})();
const isMarker = (l: Record<string, unknown>): boolean =>
  l.rejected === 'bad-checksum' && l.format === 'binary';

/** Lines of one output stream, kept in order, with a wait for the next matching one. */
class Lines {
  readonly all: Record<string, unknown>[] = [];
  #waiters: { predicate: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];

  constructor(stream: NodeJS.ReadableStream) {
    createInterface({ input: stream }).on('line', (text) => {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null)
        throw new Error(`not a JSON object: ${text}`);
      this.all.push(parsed as Record<string, unknown>);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.predicate(parsed as Record<string, unknown>)) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves at the next line (after `from`) matching; rejects naming `what` after timeoutMs. */
  wait(
    predicate: (l: Record<string, unknown>) => boolean,
    what: string,
    from = this.all.length,
    timeoutMs = 20_000,
  ): Promise<void> {
    if (this.all.slice(from).some(predicate)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; lines: ${JSON.stringify(this.all)}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.push({
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

describe('the readers command --serial over a real pty', () => {
  let pty: PtyPair;
  let cli: ChildProcessWithoutNullStreams;
  let stdout: Lines;
  let stderr: Lines;
  let exchanges = 0;

  beforeAll(async () => {
    pty = await PtyPair.create();
    cli = spawnCommand(['--serial', pty.readerPath, '--timeout-ms', '2000']);
    stdout = new Lines(cli.stdout);
    stderr = new Lines(cli.stderr);
    await stderr.wait((l) => l.status === 'connected', 'the command to connect', 0, 30_000);
  }, 40_000);

  afterAll(async () => {
    if (cli.exitCode === null && cli.signalCode === null) {
      const exited = once(cli, 'exit');
      cli.kill('SIGTERM');
      await exited;
    }
    await pty.dispose();
  });

  /** Writes each chunk as its own write, then a sentinel; returns the lines the writes caused. */
  async function exchange(
    writes: readonly Uint8Array[],
  ): Promise<{ reads: unknown[]; rejected: unknown[] }> {
    const sentinel = SENTINELS[exchanges++ % 2] ?? '';
    const firstOut = stdout.all.length;
    const firstErr = stderr.all.length;
    for (const chunk of writes) {
      pty.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    pty.write(rdm6300Frame(sentinel));
    await stdout.wait((l) => l.cardId === sentinel, `the sentinel ${sentinel}`, firstOut);
    const reads = stdout.all.slice(firstOut);
    expect(reads.at(-1)).toMatchObject({ cardId: sentinel });
    pty.write(MARKER);
    await stderr.wait(isMarker, 'the end-of-exchange marker', firstErr);
    const errLines = stderr.all.slice(firstErr);
    return {
      reads: reads.slice(0, -1).map((l) => [l.cardId, l.format]),
      rejected: errLines
        .slice(0, errLines.findIndex(isMarker))
        .flatMap((l) => ('rejected' in l ? [l.rejected] : [])),
    };
  }

  it('prints one JSON line per accepted read with the canonical id, whole, split and byte by byte', async () => {
    for (const v of vectors.rdm6300_ascii) {
      expect((await exchange([bytesOf(v.frame)])).reads, v.name).toEqual([
        [v.expect.em4100Hex, 'rdm6300'],
      ]);
    }
    const frame = bytesOf(vectors.rdm6300_ascii[1]?.frame ?? '');
    expect((await exchange([...frame].map((b) => Uint8Array.of(b)))).reads).toEqual([
      ['307E4DE5C2', 'rdm6300'],
    ]);
    expect((await exchange([frame.slice(0, 5), frame.slice(5)])).reads).toEqual([
      ['307E4DE5C2', 'rdm6300'],
    ]);
    const line = stdout.all[0];
    expect(line).toMatchObject({ cardId: '14008EC793', format: 'rdm6300', source: 'serial' });
    expect(typeof line?.at).toBe('number');
  });

  it('prints rejected frames with their reason on stderr and debounces a held card', async () => {
    const stream = vectors.rdm6300_negative_and_stream;
    const bytes = (prefix: string): Uint8Array =>
      bytesOf(stream.find((v) => v.name.startsWith(prefix))?.bytes ?? '');
    expect(await exchange([bytes('N1 ')])).toEqual({ reads: [], rejected: ['bad-checksum'] });
    expect(await exchange([bytes('N2 ')])).toEqual({ reads: [], rejected: ['malformed'] });
    expect(await exchange([bytes('N4 ')])).toEqual({ reads: [], rejected: ['all-zero'] });
    expect(await exchange([bytes('N5 ')])).toEqual({
      reads: [['14008EC793', 'rdm6300']],
      rejected: [],
    });
    expect(await exchange([bytes('N8 ')])).toEqual({
      reads: [
        ['14008EC793', 'rdm6300'],
        ['4B00423C15', 'rdm6300'],
      ],
      rejected: [],
    });
  });

  it('reads binary and LF/CR frames, several in one write, mixed with noise', async () => {
    const binary = bytesOf(vectors.binary_stx_len_type[0]?.bytes ?? '');
    const lfcr = bytesOf(vectors.lf_cr_ascii[0]?.bytes ?? '');
    const result = await exchange([
      concatBytes(NOISE, binary, NOISE, lfcr, rdm6300Frame('4B00423C15'), NOISE),
    ]);
    expect(result).toEqual({
      reads: [
        ['06008E6D5D', 'binary'],
        ['0F0184F07A', 'lfcr'],
        ['4B00423C15', 'rdm6300'],
      ],
      rejected: [],
    });
  });

  it('reports the pty vanishing and resumes reading when it comes back, without a restart', async () => {
    const from = stderr.all.length;
    await pty.kill();
    await stderr.wait((l) => l.status === 'disconnected', 'status disconnected', from);
    const back = stderr.all.length;
    await pty.start();
    await stderr.wait((l) => l.status === 'connected', 'status connected', back);
    expect((await exchange([bytesOf(vectors.rdm6300_ascii[0]?.frame ?? '')])).reads).toEqual([
      ['14008EC793', 'rdm6300'],
    ]);
    expect(cli.exitCode).toBeNull();
  }, 30_000);

  it('exits 0 on SIGTERM, a second one while it closes included', async () => {
    const exited = once(cli, 'exit');
    cli.kill('SIGTERM');
    cli.kill('SIGTERM');
    const args: unknown[] = await exited;
    expect(args[0]).toBe(0);
  });
});

describe('the readers command: usage', () => {
  async function run(args: string[]): Promise<{ code: unknown; err: string }> {
    const cli = spawnCommand(args);
    let err = '';
    cli.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited: unknown[] = await once(cli, 'exit');
    return { code: exited[0], err };
  }

  it('exits 2 with the usage on a malformed or unknown option', async () => {
    const missing = await run(['--serial']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('readers: --serial needs a value');
    expect(missing.err).toContain('usage:');
    const unknown = await run(['--list', '--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('readers: unknown argument: --verbose');
    expect(unknown.err).toContain('usage:');
  }, 30_000);
});
