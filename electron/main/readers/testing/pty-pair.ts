import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real pseudo-terminal pair made by socat, for integration tests of serial readers: the reader
 * opens `readerPath`, the test writes into `writerPath`. Raw mode on both ends, so CR and LF pass
 * untouched. kill() makes both ptys disappear (an unplug); start() brings them back at the same
 * paths. Waits fail loudly after `timeoutMs` instead of hanging.
 */
export class PtyPair {
  readonly readerPath: string;
  readonly writerPath: string;
  readonly #dir: string;
  #socat: ChildProcess | null = null;
  #writerFd: number | null = null;

  private constructor(dir: string) {
    this.#dir = dir;
    this.readerPath = join(dir, 'reader');
    this.writerPath = join(dir, 'writer');
  }

  /** Creates a pair under a fresh temporary folder and waits until both ends exist. */
  static async create(timeoutMs = 5000): Promise<PtyPair> {
    const pair = new PtyPair(mkdtempSync(join(tmpdir(), 'coffee-pty-')));
    await pair.start(timeoutMs);
    return pair;
  }

  /** (Re)starts socat on the same paths; resolves when both links exist. */
  async start(timeoutMs = 5000): Promise<void> {
    if (this.#socat !== null) throw new Error('socat is already running');
    const socat = spawn('socat', [
      '-d',
      '-d',
      `pty,raw,echo=0,link=${this.readerPath}`,
      `pty,raw,echo=0,link=${this.writerPath}`,
    ]);
    socat.stderr.resume();
    this.#socat = socat;
    await waitUntil(
      () => existsSync(this.readerPath) && existsSync(this.writerPath),
      timeoutMs,
      'socat ptys to appear',
    );
  }

  /** Writes bytes into the writer end (blocking, in order). */
  write(bytes: Uint8Array): void {
    this.#writerFd ??= openSync(this.writerPath, 'r+');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.#writerFd, bytes, offset);
  }

  /** Kills socat: both ptys vanish, as when the reader is unplugged. */
  async kill(timeoutMs = 5000): Promise<void> {
    const socat = this.#socat;
    if (socat === null) return;
    this.#socat = null;
    if (this.#writerFd !== null) closeSync(this.#writerFd);
    this.#writerFd = null;
    const exited = once(socat, 'exit');
    socat.kill('SIGTERM');
    await exited;
    await waitUntil(() => !existsSync(this.readerPath), timeoutMs, 'the reader pty to vanish');
  }

  /** Kills socat and removes the temporary folder. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Polls `condition` every few ms; rejects naming `what` when it is still false after timeoutMs. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves with the first value a subscription delivers that satisfies `predicate`; rejects naming
 * `what` after timeoutMs. Subscribe before causing the event, then await.
 */
export function nextValue<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  predicate: (value: T) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}
