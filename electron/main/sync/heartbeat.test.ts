import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatusReport } from '#shared/ipc/contract';
import type { HeartbeatBody } from '#shared/sync/heartbeat';
import { createHubClient, type HubClient } from '../hub-client/hub-client';
import type { HubProcess } from '../hub-client/testing/hub-process';
import { fileCredentialStore } from '../hub-client/credential-store';
import { createHeartbeat } from './heartbeat';
import { startMonsHub, type MonsHub } from './testing/mons-hub';
import { StepTimers } from './testing/step-timers';

const FIVE_MINUTES = 5 * 60_000;
/** Lets the heartbeats a timer started leave (their free-disk read resolves at once). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const REPORT: SyncStatusReport = {
  outboxSize: 2,
  outboxOldestAt: Date.UTC(2025, 2, 10, 11, 0),
  lastSyncOkAt: Date.UTC(2025, 2, 10, 11, 30),
  lastErrorCode: null,
};

describe('the kiosk heartbeat against the real hub process', () => {
  let mons: MonsHub;
  let hub: HubProcess;
  let dir: string;
  const enrolledClient = (kioskId: string) => mons.enrolledClient(kioskId);

  beforeAll(async () => {
    mons = await startMonsHub('heartbeat-');
    ({ hub, dir } = mons);
  }, 30_000);
  afterAll(async () => {
    await mons.dispose();
  });

  function heartbeatOf(client: HubClient, online: () => boolean = () => true) {
    const timers = new StepTimers();
    const sent: HeartbeatBody[] = [];
    const logs: string[] = [];
    const heartbeat = createHeartbeat({
      send: (body) => {
        sent.push(body);
        return client.heartbeat(body);
      },
      appVersion: '1.4.0',
      clock: () => timers.now,
      startedAt: timers.now - 90_000,
      timers,
      isOnline: online,
      readerStatuses: () => [
        { name: '/dev/ttyUSB0', kind: 'serial', state: 'disconnected', reads: 4, rejected: 1 },
      ],
      freeDiskBytes: () => Promise.resolve(12_345_678),
      log: (m) => logs.push(m),
    });
    return { heartbeat, timers, sent, logs };
  }

  it('sends nothing before the first report, then one per report and one every 5 minutes online', async () => {
    const client = await enrolledClient('desk-beat');
    let online = true;
    const { heartbeat, timers, sent } = heartbeatOf(client, () => online);
    heartbeat.start();
    expect(await heartbeat.beat()).toBe(false);
    timers.fire(FIVE_MINUTES);
    expect(sent).toEqual([]);

    expect(await heartbeat.report(REPORT)).toBe(true);
    expect(sent).toEqual([
      {
        appVersion: '1.4.0',
        uptimeSeconds: 90 + 300,
        sentAt: timers.now,
        lastSyncOkAt: REPORT.lastSyncOkAt,
        outboxSize: 2,
        outboxOldestAt: REPORT.outboxOldestAt,
        readers: [{ name: '/dev/ttyUSB0', kind: 'serial', state: 'disconnected' }],
        freeDiskBytes: 12_345_678,
        lastErrorCode: null,
      },
    ]);
    timers.fire(FIVE_MINUTES);
    await vi.waitFor(() => {
      expect(sent).toHaveLength(2);
    });
    online = false;
    timers.fire(FIVE_MINUTES);
    heartbeat.stop();
    online = true;
    timers.fire(FIVE_MINUTES);
    await settle();
    expect(sent).toHaveLength(2);
    // The hub took them: its list reads the reader's state from the latest one.
    expect(await hub.cli('kiosk', 'list')).toMatch(
      /desk-beat .* attention .* reader \/dev\/ttyUSB0 disconnected/,
    );
  }, 30_000);

  it('keeps a failed heartbeat as the next one’s error code, and never enrols for one', async () => {
    const unreachable = createHubClient({
      hubUrl: 'http://127.0.0.1:9',
      kioskId: 'desk-away',
      credentials: fileCredentialStore(join(dir, 'desk-away.json')),
    });
    const { heartbeat, sent, logs } = heartbeatOf(unreachable);
    expect(await heartbeat.report(REPORT)).toBe(false);
    expect(logs).toEqual(['heartbeat failed: enrolment-needed']);

    // Enrolled, then the hub is out of reach: its credential, kept for an address nobody answers.
    await enrolledClient('desk-lost');
    const file = join(dir, 'desk-lost.json');
    const credential = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...credential, hubUrl: 'http://127.0.0.1:9' }));
    const away = createHubClient({
      hubUrl: 'http://127.0.0.1:9',
      kioskId: 'desk-lost',
      credentials: fileCredentialStore(file),
    });
    const lost = heartbeatOf(away);
    expect(await lost.heartbeat.report(REPORT)).toBe(false);
    expect(await lost.heartbeat.beat()).toBe(false);
    expect(lost.sent.map((b) => b.lastErrorCode)).toEqual([null, 'hub-network']);
    expect(sent).toHaveLength(1);
  }, 30_000);
});
