import type { Result } from '#shared/result';
import type { LogFile, LogUploadResponse } from '#shared/sync/log-upload';
import { collectLogFiles } from './log-files';

export interface LogSenderDeps {
  /** Main's log folder, `<userData>/logs`. */
  readonly dir: string;
  /** The hub client's upload (hub-client.ts). */
  readonly send: (files: LogFile[]) => Promise<Result<LogUploadResponse>>;
  readonly log: (message: string) => void;
}

/** Sends main's logs to the hub when its heartbeat reply asks (decision 0041). */
export interface LogSender {
  /**
   * Collects the log files and uploads them; a call while one is under way joins it. Resolves
   * true when the hub stored them, false otherwise (the hub asks again at the next heartbeat,
   * its request still pending). Never rejects.
   */
  send(): Promise<boolean>;
}

export function createLogSender(deps: LogSenderDeps): LogSender {
  let running: Promise<boolean> | null = null;

  async function run(): Promise<boolean> {
    try {
      const files = await collectLogFiles(deps.dir);
      if (files.length === 0) {
        deps.log('logs asked for by the hub: none to send');
        return false;
      }
      const reply = await deps.send(files);
      if (!reply.ok) {
        deps.log(`logs upload failed: ${reply.error.code}`);
        return false;
      }
      deps.log(`logs sent to the hub: ${String(files.length)} files`);
      return true;
    } catch (e) {
      deps.log(`logs upload failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  return {
    send() {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
