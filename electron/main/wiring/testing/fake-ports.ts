import type { KioskLogger } from '../../logging/kiosk-log';
import type { PowerSaveBlockerLike } from '../../power';
import type { PrintPdfRequest } from '#shared/print/print-job';
import type { PrintDialog } from '../../print/print-service';
import type { DialogPort, KioskContents } from '../main-ports';

/**
 * Typed fakes of the Electron ports no real part can stand for here (Electron's binary is absent),
 * each behaving like the object it replaces. The IPC ports have their own fakes:
 * `../../ipc/fake-ipc-main.ts` (ipcMain) and, in a page, `e2e/kiosk-ipc-double.ts`.
 */

/** Behaves like Electron's powerSaveBlocker: ids count up, stop ends one blocker. */
export class FakePowerSaveBlocker implements PowerSaveBlockerLike {
  #nextId = 0;
  readonly active = new Map<number, string>();

  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = this.#nextId++;
    this.active.set(id, type);
    return id;
  }

  stop(id: number): boolean {
    return this.active.delete(id);
  }

  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

/** A logger keeping each line as `level: message[: error message]`. */
export class MemoryLogger implements KioskLogger {
  readonly lines: string[] = [];

  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }

  warn(message: string, error?: unknown): void {
    this.lines.push(`warn: ${message}${describe(error)}`);
  }

  error(message: string, error?: unknown): void {
    this.lines.push(`error: ${message}${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (error === undefined) return '';
  return `: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
}

/** Keeps every error box shown. */
export class RecordingDialog implements DialogPort {
  readonly shown: { title: string; content: string }[] = [];

  showError(title: string, content: string): void {
    this.shown.push({ title, content });
  }
}

/** A window's web contents that records what main sends; `destroy()` is a crashed renderer. */
export class RecordingContents implements KioskContents {
  readonly sent: { channel: string; payload: unknown }[] = [];
  #isDestroyed = false;

  constructor(readonly id: number) {}

  isDestroyed(): boolean {
    return this.#isDestroyed;
  }

  destroy(): void {
    this.#isDestroyed = true;
  }

  /** Like WebContents.send: throws when the contents are gone (sendEvent checks first). */
  send(channel: string, ...args: unknown[]): void {
    if (this.#isDestroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload: args[0] });
  }

  /** The payloads sent on `channel`, in order. */
  payloads(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.payload);
  }
}

/**
 * The system print dialog as a person would close it: records each job and answers `answer`
 * (`printed`, `cancelled`), or rejects with it when it is an Error (the viewer failed).
 */
export class RecordingPrintDialog implements PrintDialog {
  readonly jobs: PrintPdfRequest[] = [];

  constructor(private readonly answer: 'printed' | 'cancelled' | Error = 'printed') {}

  print(job: PrintPdfRequest): Promise<'printed' | 'cancelled'> {
    this.jobs.push(job);
    return this.answer instanceof Error
      ? Promise.reject(this.answer)
      : Promise.resolve(this.answer);
  }
}
