import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardRead } from '#shared/domain/types';
import { parseKioskConfig, parseKioskConfigText } from '#shared/config/kiosk-config';
import type { SetupLearntHid } from '#shared/ipc/setup';
import { fileCredentialStore } from '../hub-client/credential-store';
import { startHubProcess, type HubProcess } from '../hub-client/testing/hub-process';
import { HidCardReader } from '../readers/hid-card-reader';
import {
  DESK_DEVICES,
  RECORDED_STREAMS,
  RecordedHid,
  recordedDevice,
  type RecordedStream,
} from '../readers/testing/recorded-hid';
import { SetupService } from './setup-service';

const MONS = 'co-nnexion-mons';

/**
 * The whole way of a raw-HID reader through setup: learnt from a recorded tap by the setup service
 * (real hub process for the enrolment), written by `finish` into kiosk.json, parsed by the kiosk's
 * schema, then read by the kiosk's own HidCardReader fed the same recorded reports.
 */
describe('a HID reader learnt in setup is the one the kiosk reads', () => {
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    hub = await startHubProcess();
    await hub.importSpaces(
      `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`,
    );
    dir = await mkdtemp(join(tmpdir(), 'hid-setup-'));
  }, 30_000);
  afterAll(async () => {
    await hub.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  function tapping(stream: RecordedStream): RecordedHid {
    return new RecordedHid([...DESK_DEVICES, recordedDevice(stream.device)]);
  }

  async function learn(setup: SetupService, stream: RecordedStream): Promise<SetupLearntHid> {
    const learnt = await setup.learnReader(3000);
    if (!learnt.ok || learnt.value.source !== 'hid') {
      throw new Error(`${stream.name}: ${JSON.stringify(learnt)}`);
    }
    return learnt.value;
  }

  /** The kiosk's HidCardReader on `config`, fed the stream; the cards it read. */
  async function readBack(
    config: Parameters<typeof parseKioskConfig>[0],
    stream: RecordedStream,
  ): Promise<CardRead[]> {
    const parsed = parseKioskConfig(config);
    if (!parsed.ok) throw new Error(parsed.error.details?.join('; '));
    const [hidConfig] = parsed.value.readers.hid;
    if (hidConfig === undefined) throw new Error('no HID reader in the config');
    const hid = tapping(stream);
    const reader = new HidCardReader(hidConfig, {
      devices: hid.devices,
      open: hid.open,
      clock: hid.clock,
    });
    const reads: CardRead[] = [];
    reader.onCard((r) => reads.push(r));
    await reader.open();
    expect(reader.status().state).toBe('connected');
    hid.play(recordedDevice(stream.device).path ?? '', stream.reports);
    await reader.close();
    return reads;
  }

  it('learns each recorded reader, writes it, and the kiosk reads the same card', async () => {
    const cards = RECORDED_STREAMS.filter((s) => typeof s.expect !== 'string');
    const first = cards[0];
    if (first === undefined) throw new Error('no recorded card streams');
    let current = first;
    let hid = tapping(first);
    const setup = new SetupService({
      location: { path: join(dir, 'kiosk.json'), isExplicit: false },
      isFirstRun: true,
      credentials: fileCredentialStore(join(dir, 'hub-credential.json')),
      current: null,
      restart: () => undefined,
      hubTimeoutMs: 5000,
      readers: { list: () => Promise.resolve([]) },
      hidReaders: {
        devices: () => hid.devices(),
        open: (path) => hid.open(path),
        clock: () => hid.clock(),
        onOpened: (info) => {
          hid.play(info.path ?? '', current.reports);
        },
      },
    });
    expect((await setup.checkHub(hub.url)).ok).toBe(true);
    const code = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
    expect((await setup.enrol({ code, kioskId: 'mons-hid' })).ok).toBe(true);

    // The first through finish into kiosk.json…
    const learnt = await learn(setup, first);
    const done = await setup.finish({
      languages: ['fr', 'nl', 'en'],
      defaultLang: 'fr',
      pin: '482913',
      hid: [learnt.reader],
    });
    expect(done.ok).toBe(true);
    const written = parseKioskConfigText(await readFile(join(dir, 'kiosk.json'), 'utf8'));
    if (!written.ok) throw new Error(written.error.details?.join('; '));
    expect(written.value.readers.hid).toEqual([
      { name: 'hid-1', debounceMs: 250, ...learnt.reader },
    ]);
    expect((await readBack(written.value, first)).map((r) => r.cardId)).toEqual([learnt.cardId]);

    // …and every other recorded reader into the same config.
    for (const stream of cards.slice(1)) {
      current = stream;
      hid = tapping(stream);
      const other = await learn(setup, stream);
      if (typeof stream.expect === 'string') throw new Error('a card stream');
      expect(other.cardId, stream.name).toBe(stream.expect.cardId);
      const config = {
        ...written.value,
        readers: { ...written.value.readers, hid: [{ name: 'hid-1', ...other.reader }] },
      };
      const reads = await readBack(config, stream);
      expect(
        reads.map((r) => [r.cardId, r.format]),
        stream.name,
      ).toEqual([[stream.expect.cardId, `hid-${stream.expect.layout}`]]);
    }
  }, 30_000);
});
