import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatusReport } from '#shared/ipc/contract';
import type { HeartbeatBody } from '#shared/sync/heartbeat';
import { fileCredentialStore } from '../hub-client/credential-store';
import { createHubClient, type HubClient } from '../hub-client/hub-client';
import { startHubProcess, type HubProcess } from '../hub-client/testing/hub-process';
import { createHeartbeat } from './heartbeat';
import { StepTimers } from './testing/step-timers';

const MONS = 'co-nnexion-mons';
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
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    hub = await startHubProcess();
    dir = await mkdtemp(join(tmpdir(), 'heartbeat-'));
    const csv = join(dir, 'spaces.csv');
    await writeFile(
      csv,
      `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`,
    );
    await hub.cli('spaces', 'import', csv);
  }, 30_000);
  afterAll(async () => {
    await hub.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function enrolledClient(kioskId: string): Promise<HubClient> {
    const client = createHubClient({
      hubUrl: hub.url,
      kioskId,
      enrolmentCode: (await hub.cli('kiosk', 'add', '--space', MONS)).trim(),
      credentials: fileCredentialStore(join(dir, `${kioskId}.json`)),
    });
    expect((await client.enrol()).ok).toBe(true);
    return client;
  }

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
