import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatusReport } from '#shared/ipc/contract';
import type { HubProcess } from '../hub-client/testing/hub-process';
import { createHeartbeat } from '../sync/heartbeat';
import { startMonsHub, type MonsHub } from '../sync/testing/mons-hub';
import { StepTimers } from '../sync/testing/step-timers';
import { createKioskLog } from './kiosk-log';
import { createLogSender } from './log-sender';

const REPORT: SyncStatusReport = {
  outboxSize: 0,
  outboxOldestAt: null,
  lastSyncOkAt: null,
  lastErrorCode: null,
};

describe("a kiosk's logs on request, against the real hub process", () => {
  let mons: MonsHub;
  let hub: HubProcess;
  let dir: string;
  const enrolledClient = (kioskId: string) => mons.enrolledClient(kioskId);

  beforeAll(async () => {
    mons = await startMonsHub('log-sender-');
    ({ hub, dir } = mons);
  }, 30_000);
  afterAll(async () => {
    await mons.dispose();
  });

  it('uploads main.log and its rotated files when a heartbeat reply asks, once', async () => {
    const client = await enrolledClient('desk-logs');
    const logs = join(dir, 'desk-logs');
    const log = createKioskLog({
      dir: logs,
      appName: 'COFFEE Kiosk',
      maxBytes: 400,
      keep: 2,
      toConsole: false,
    });
    for (let i = 0; i < 12; i++)
      log.info(`reader desk: connected (/dev/ttyUSB0), line ${String(i)}`);
    log.warn('sync failed for ann@example.org');

    const sent: string[] = [];
    const sender = createLogSender({
      dir: logs,
      send: (files) => client.uploadLogs(files),
      log: (m) => sent.push(m),
    });
    let asked = 0;
    let answered: Promise<boolean> = Promise.resolve(false);
    const timers = new StepTimers();
    const heartbeat = createHeartbeat({
      send: (body) => client.heartbeat(body),
      appVersion: '1.4.0',
      clock: () => timers.now,
      startedAt: timers.now,
      timers,
      isOnline: () => true,
      readerStatuses: () => [],
      freeDiskBytes: () => Promise.resolve(null),
      log: () => undefined,
      onLogsRequested: () => {
        asked += 1;
        answered = sender.send();
      },
    });

    expect(await heartbeat.report(REPORT)).toBe(true);
    expect(asked).toBe(0);
    await hub.cli('kiosk', 'logs', 'desk-logs');
    expect(await heartbeat.beat()).toBe(true);
    expect(asked).toBe(1);
    expect(await answered).toBe(true);
    expect(sent).toEqual(['logs sent to the hub: 3 files']);
    // The upload cleared the request: the next reply asks for nothing.
    expect(await heartbeat.beat()).toBe(true);
    expect(asked).toBe(1);

    const path = (await hub.cli('kiosk', 'logs', 'desk-logs', '--save', '--out', dir)).trim();
    const text = await readFile(path, 'utf8');
    const headers = [...text.matchAll(/^===== (\S+) =====$/gm)].map((m) => m[1]);
    expect(headers).toEqual(['main.2.log', 'main.1.log', 'main.log']);
    const numbers = [...text.matchAll(/line (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBe(11);
    expect(text).toContain('sync failed for [email]');
    expect(text).not.toContain('ann@example.org');
  }, 30_000);

  it('says false and logs the code when the hub refuses, sending nothing for an empty folder', async () => {
    const client = await enrolledClient('desk-empty');
    const sent: string[] = [];
    const empty = createLogSender({
      dir: join(dir, 'no-logs-here'),
      send: (files) => client.uploadLogs(files),
      log: (m) => sent.push(m),
    });
    expect(await empty.send()).toBe(false);
    const revoked = createLogSender({
      dir,
      send: (files) =>
        client.uploadLogs(files.length > 0 ? files : [{ name: 'main.log', text: '' }]),
      log: (m) => sent.push(m),
    });
    await hub.cli('kiosk', 'revoke', 'desk-empty');
    await writeFile(join(dir, 'main.log'), 'one line\n');
    expect(await revoked.send()).toBe(false);
    expect(sent).toEqual([
      'logs asked for by the hub: none to send',
      'logs upload failed: hub-unauthorized',
    ]);
  }, 30_000);
});
