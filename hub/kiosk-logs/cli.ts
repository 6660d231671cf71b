import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { CliIo } from '../cli';
import { storeAuditLog } from '../console-api/audit-log';
import type { LogUploadMeta } from '../store/kiosk-log-rows';
import type { HubStore } from '../store/store';
import { logFileName, unpackLog } from './content';
import { askForLogs } from './request';

/**
 * `kiosk logs <id>` (decision 0041), dispatched by hub/cli.ts: asks the kiosk for its logs at its
 * next heartbeat (audited with `cli` as the actor) and lists the uploads kept. `--wait` then waits
 * for the upload (polling the store each second, at most `--wait-minutes`, 10 by default) and
 * writes it to a file; `--save` writes the newest upload kept without asking again. Files go to
 * `--out DIR` (default: the working directory), named `<kiosk>-<UTC instant>.log`; the path is
 * printed alone on stdout. Exit codes: 0 done, 1 unknown kiosk / nothing to save / no upload in
 * time, 2 bad usage.
 */

export const KIOSK_LOGS_OPTIONS = {
  wait: { type: 'boolean' },
  'wait-minutes': { type: 'string' },
  save: { type: 'boolean' },
  out: { type: 'string' },
} as const;

export const KIOSK_LOGS_USAGE = `  kiosk logs <kioskId> [--wait [--wait-minutes N]] [--save] [--out DIR]
                                   ask a kiosk for its logs at its next heartbeat and list those
                                   received; --wait: wait for them and write them to a file;
                                   --save: write the newest received, without asking again`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function describe(upload: LogUploadMeta): string {
  const kib = Math.max(1, Math.round(upload.textBytes / 1024));
  return `  ${utc(upload.receivedAt)} UTC  ${String(kib)} KiB  ${upload.fileNames.join(', ')}  (${upload.uploadId})`;
}

async function save(store: HubStore, io: CliIo, upload: LogUploadMeta, dir: string) {
  const row = await store.kioskLogs.read(upload.kioskId, upload.uploadId);
  if (row === undefined) return 1;
  const path = resolve(dir, logFileName(upload.kioskId, upload.receivedAt));
  await writeFile(path, await unpackLog(row.content), { mode: 0o600 });
  io.out(path);
  return 0;
}

/** Runs `kiosk logs`; resolves undefined when the words are another command. */
export async function runKioskLogsCommand(
  store: HubStore,
  [group, verb, id]: readonly (string | undefined)[],
  values: Values,
  io: CliIo,
  usage: (message: string) => number,
): Promise<number | undefined> {
  if (group !== 'kiosk' || verb !== 'logs') return undefined;
  if (id === undefined) return usage('kiosk logs needs a kiosk id.');
  const minutes = Number(values['wait-minutes'] ?? 10);
  if (!Number.isFinite(minutes) || minutes <= 0)
    return usage('--wait-minutes must be a number of minutes, above 0');
  const dir = typeof values.out === 'string' ? values.out : '.';
  if ((await store.findKiosk(id)) === undefined) {
    io.err(`No kiosk ${id}.`);
    return 1;
  }
  if (values.save === true) {
    const newest = (await store.kioskLogs.list(id))[0];
    if (newest === undefined) {
      io.err(`No logs of kiosk ${id} received yet: ask with kiosk logs ${id}.`);
      return 1;
    }
    return save(store, io, newest, dir);
  }
  const audit = storeAuditLog(store.operators, io.now);
  const askedAt = await askForLogs({ store, audit, clock: io.now }, id, 'cli');
  io.err(
    `Asked kiosk ${id} for its logs: it sends them after its next heartbeat (within 5 minutes while it reaches the hub).`,
  );
  if (values.wait !== true) {
    const uploads = await store.kioskLogs.list(id);
    io.out(uploads.length === 0 ? 'No logs received yet.' : 'Logs received:');
    for (const upload of uploads) io.out(describe(upload));
    return 0;
  }
  const deadline = Date.now() + minutes * 60_000;
  for (;;) {
    // The request is cleared by the upload that answers it (or a later one).
    if ((await store.kioskLogs.pending(id)) === undefined) {
      const newest = (await store.kioskLogs.list(id))[0];
      if (newest !== undefined && newest.receivedAt >= askedAt) return save(store, io, newest, dir);
    }
    if (Date.now() >= deadline) {
      io.err(`No logs from kiosk ${id} within ${String(minutes)} minutes; the request stays.`);
      return 1;
    }
    await delay(1000);
  }
}
