import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConfig } from '#shared/config/kiosk-config';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { contract } from '#shared/ipc/contract';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { ok } from '#shared/result';
import type { PullResponse } from '#shared/sync/protocol';
import { systemTimeZone } from '#shared/time/zoned';
import { CONFIG_FILE_NAME } from '../config/config-loader';
import { fileCredentialStore } from '../hub-client/credential-store';
import { unconfiguredSyncService } from '../hub-client/sync-service';
import { FakeIpcMain, kioskEvent } from '../ipc/fake-ipc-main';
import { PtyPair, waitUntil } from '../readers/testing/pty-pair';
import { CREDENTIAL_FILE } from '../sync/kiosk-sync';
import { inDailyWindow } from '../updates/quiet-hours';
import { FakeAppUpdater } from '../updates/testing/fake-app-updater';
import { composeKioskMain, type KioskMainOptions } from './compose-kiosk-main';
import {
  FakePowerSaveBlocker,
  MemoryLogger,
  RecordingContents,
  RecordingDialog,
} from './testing/fake-ports';

/**
 * The update service as composeKioskMain wires it (decision 0040): the real config file, hub
 * client, credential file, registrar and readers (a socat pty); electron-updater's autoUpdater is
 * the typed fake (its download and install need the Electron binary).
 */

const CONTENTS_ID = 3;
const HUB = 'http://127.0.0.1:9/';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The first quarter hour from 2026-03-09 inside the demo's nightly window, in this machine's zone. */
function nightlyTime(): number {
  const base = Date.parse('2026-03-09T00:00:00Z');
  for (let t = base; t < base + 48 * 3600_000; t += 15 * 60_000) {
    if (inDailyWindow(t, '02:00-04:00', systemTimeZone())) return t;
  }
  throw new Error('no nightly time');
}

async function harness(opts: {
  kiosk?: Partial<KioskConfig>;
  isPackaged?: boolean;
  withUpdater?: boolean;
  enrolled?: boolean;
}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'compose-updates-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
  const config = { ...DEMO_KIOSK_CONFIG, hub: { url: HUB }, ...opts.kiosk };
  await writeFile(join(userDataDir, CONFIG_FILE_NAME), JSON.stringify(config));
  if (opts.enrolled ?? true) {
    await fileCredentialStore(join(userDataDir, CREDENTIAL_FILE)).save({
      ...{ hubUrl: HUB, kioskId: config.kioskId, spaceId: config.spaceId },
      ...{ token: `${config.kioskId}.s3cret`, hubEpoch: 'epoch-1', enrolledAt: 1 },
    });
  }
  const ipcMain = new FakeIpcMain();
  const contents = new RecordingContents(CONTENTS_ID);
  const updater = new FakeAppUpdater();
  const intervals: number[] = [];
  let now = nightlyTime();
  const options: KioskMainOptions = {
    clock: () => now,
    updateTimers: {
      setInterval: (_fn, ms) => intervals.push(ms),
      clearInterval: () => intervals.splice(0),
    },
  };
  const main = await composeKioskMain(
    {
      ipcMain,
      window: { open: () => undefined, contents: () => contents },
      power: new FakePowerSaveBlocker(),
      isOnline: () => false,
      app: {
        info: {
          version: '1.0.0',
          isPackaged: opts.isPackaged ?? true,
          platform: 'linux',
          isBrowser: false,
        },
        ...{ userDataDir, appOrigin: 'app://kiosk', env: {} },
        exit: () => undefined,
        quit: () => undefined,
      },
      dialog: new RecordingDialog(),
      logger: new MemoryLogger(),
      ...(opts.withUpdater === false ? {} : { autoUpdater: updater.asAppUpdater() }),
    },
    options,
  );
  cleanups.push(() => main.stop());
  const invoke = (channel: string, request?: unknown) =>
    ipcMain.invoke(channel, kioskEvent({ id: CONTENTS_ID }), request);
  const tick = async () => {
    const service = main.updates.service;
    if (service === null) throw new Error('no update service');
    return service.tick();
  };
  return {
    main,
    updater,
    intervals,
    contents,
    invoke,
    tick,
    setNow: (at: number) => {
      now = at;
    },
  };
}

describe('composeKioskMain: updates', () => {
  it('builds no update service unpackaged, without a hub, or without electron-updater', async () => {
    for (const opts of [{ isPackaged: false }, { kiosk: { hub: null } }, { withUpdater: false }]) {
      const t = await harness(opts);
      expect(t.main.updates.service).toBeNull();
      await t.main.start();
      expect(t.intervals).toEqual([]);
      expect(t.updater.feed).toBeUndefined();
    }
  });

  it('checks the hub’s feed with the kiosk’s bearer credential once packaged, and stops its timer', async () => {
    const t = await harness({});
    await t.main.start();
    expect(t.intervals).toEqual([60_000]);
    expect(t.updater.feed).toEqual({
      provider: 'generic',
      url: 'http://127.0.0.1:9/v1/updates/stable',
    });
    expect(await t.tick()).toEqual({ action: 'check' });
    expect(t.updater.checks).toEqual([
      { authorization: `Bearer ${DEMO_KIOSK_CONFIG.kioskId}.s3cret` },
    ]);
    await t.main.stop();
    expect(t.intervals).toEqual([]);
  });

  it('installs a downloaded version only once the sync run the renderer reports has ended', async () => {
    const t = await harness({});
    t.updater.download('1.1.0');
    // A pull starts the run (the hub is unreachable: the run still counts until it reports).
    expect(await t.invoke(contract.sync.pull.channel, { cursor: 0, limit: 10 })).toMatchObject({
      ok: false,
    });
    expect(await t.tick()).toEqual({ action: 'wait', reason: 'syncing' });
    expect(t.updater.installs).toEqual([]);
    const report = {
      outboxSize: 0,
      outboxOldestAt: null,
      lastSyncOkAt: null,
      lastErrorCode: 'hub-unreachable',
    };
    expect(await t.invoke(contract.sync.report.channel, report)).toEqual({ ok: true, value: null });
    expect(await t.tick()).toEqual({ action: 'install', version: '1.1.0' });
    expect(t.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
  });

  it('hands a downloaded .deb to the root installer’s spool on Linux, not to electron-updater’s dpkg', async () => {
    const t = await harness({});
    t.updater.download('1.1.0', '/cache/pending/coffee-kiosk_1.1.0_amd64.deb');
    // No spool here (not installed from the .deb): nothing is staged and nothing quits; the
    // next step is a check (electron-updater downloads it again), not the same install.
    expect(await t.tick()).toEqual({ action: 'install', version: '1.1.0' });
    expect(t.updater.installs).toEqual([]);
    expect(await t.tick()).toEqual({ action: 'check' });
    expect(t.updater.checks).toHaveLength(1);
  });

  it('waits for the visitor after a card read and after a touch of the window', async () => {
    const pty = await PtyPair.create();
    cleanups.push(() => pty.dispose());
    const t = await harness({
      kiosk: {
        readers: {
          ...DEMO_KIOSK_CONFIG.readers,
          serial: [
            { name: 'desk', path: pty.readerPath, format: 'auto', baudRate: 9600, debounceMs: 250 },
          ],
        },
      },
    });
    await t.main.start();
    t.updater.download('1.1.0');
    pty.write(rdm6300Frame('4B00423C15'));
    await waitUntil(
      () => t.contents.payloads(contract.reader.onCardRead.channel).length === 1,
      5000,
      'the card read to reach the window',
    );
    expect(await t.tick()).toEqual({ action: 'wait', reason: 'visitor-active' });
    const later = nightlyTime() + 6 * 60_000;
    t.setNow(later);
    t.main.noteInteraction();
    expect(await t.tick()).toEqual({ action: 'wait', reason: 'visitor-active' });
    t.setNow(later + 6 * 60_000);
    expect(await t.tick()).toEqual({ action: 'install', version: '1.1.0' });
  });
});

/** The demo kiosk's space as a pull page brings it: open Mondays 08:30–18:00 in Brussels. */
function spacePage(spaceId: string): PullResponse {
  const space = {
    ...{ id: spaceId, name: 'Co-nnexion', city: 'Mons', country: 'BE' },
    ...{ timezone: 'Europe/Brussels', languages: ['fr', 'en'] },
    openingHours: { mon: [{ from: '08:30', to: '18:00' }] },
  };
  return {
    ...{ type: 'pull-result', protocolVersion: 1, cursor: 1, hasMore: false, reset: false },
    hubEpoch: '00000000-0000-4000-8000-000000000000',
    changes: [{ seq: 1, table: 'spaces', op: 'put', recordId: spaceId, record: space }],
  };
}

describe('createKioskUpdates: the space’s hours', () => {
  it('takes the quiet hours from each pull page main relays', async () => {
    const t = await harness({});
    t.updater.download('1.1.0');
    const inner = {
      ...unconfiguredSyncService(),
      pull: () => Promise.resolve(ok(spacePage(DEMO_KIOSK_CONFIG.spaceId))),
    };
    const relayed = t.main.updates.wrapSync(inner);
    expect(await relayed.pull({ cursor: 0, limit: 10 })).toMatchObject({ ok: true });
    relayed.report({ outboxSize: 0, outboxOldestAt: null, lastSyncOkAt: 1, lastErrorCode: null });
    // Monday 9 March 2026, 11:00 in Brussels: open, whatever the nightly window says.
    t.setNow(Date.parse('2026-03-09T10:00:00Z'));
    expect(await t.tick()).toEqual({ action: 'wait', reason: 'open-hours' });
    // 19:00 in Brussels: closed.
    t.setNow(Date.parse('2026-03-09T18:00:00Z'));
    expect(await t.tick()).toEqual({ action: 'install', version: '1.1.0' });
  });
});
