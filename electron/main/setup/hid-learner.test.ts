import { describe, expect, it } from 'vitest';
import vectors from '#test/fixtures/card-vectors.json';
import type { SetupLearntHid } from '#shared/ipc/setup';
import {
  DESK_DEVICES,
  RECORDED_STREAMS,
  RecordedHid,
  recordedDevice,
  type RecordedStream,
} from '../readers/testing/recorded-hid';
import { hidCandidates, isHidReaderCandidate, learnHidReader } from './hid-learner';

/** A recorded stream's device beside the desk's keyboard, mouse and FIDO key. */
function benchFor(...names: string[]): RecordedHid {
  return new RecordedHid([...DESK_DEVICES, ...names.map(recordedDevice)]);
}

function pathOf(name: string): string {
  return recordedDevice(name).path ?? '';
}

/** Starts learning and plays `stream` as soon as its device listens. */
async function learnFrom(stream: RecordedStream, timeoutMs = 2000) {
  const hid = benchFor(stream.device);
  const learnt = await learnHidReader(timeoutMs, {
    devices: hid.devices,
    open: hid.open,
    clock: hid.clock,
    onOpened: (info) => {
      if (info.path === pathOf(stream.device)) hid.play(info.path, stream.reports);
    },
  });
  return { learnt, hid };
}

const cards = RECORDED_STREAMS.filter((s) => typeof s.expect !== 'string');
const noise = RECORDED_STREAMS.filter((s) => typeof s.expect === 'string');

describe('the recorded HID streams', () => {
  it('carry the ids of the card vectors they were made from', () => {
    const forms = new Map<string, Record<string, unknown>>();
    for (const v of vectors.rdm6300_ascii) forms.set(v.name, v.expect);
    for (const m of vectors.mifare_uid)
      forms.set(m.name, { uidBytes: m.uidBytes.split(' ').join('') });
    for (const k of vectors.keyboard_wedge)
      forms.set(k.name.split(' ')[0] ?? '', { expect: k.expect });
    for (const s of cards) {
      if (typeof s.expect === 'string' || !('form' in s) || !s.vector || !s.form) {
        throw new Error(`${s.name} names no vector`);
      }
      expect(forms.get(s.vector)?.[s.form], s.name).toBe(s.expect.cardId);
    }
  });
});

describe('learnHidReader', () => {
  it.each(cards.map((s) => [s.name, s] as const))('learns %s', async (_name, stream) => {
    const { learnt, hid } = await learnFrom(stream);
    if (typeof stream.expect === 'string') throw new Error('a card stream');
    const info = recordedDevice(stream.device);
    const hex = (n: number): string => n.toString(16).padStart(4, '0');
    expect(learnt).toEqual({
      ok: true,
      value: {
        source: 'hid',
        product: info.product ?? '',
        reader: {
          vendorId: hex(info.vendorId),
          productId: hex(info.productId),
          layout: stream.expect.layout as SetupLearntHid['reader']['layout'],
          ...('reportId' in stream.expect ? { reportId: stream.expect.reportId } : {}),
          interface: info.interface,
        },
        cardId: stream.expect.cardId,
      } satisfies SetupLearntHid,
    });
    // Only the reader was opened, and it is closed again.
    expect(hid.openedPaths).toEqual([info.path]);
    expect(hid.device(pathOf(stream.device)).isClosed).toBe(true);
  });

  it.each(noise.map((s) => [s.name, s] as const))(
    'ignores %s and says no card arrived',
    async (_name, stream) => {
      const { learnt, hid } = await learnFrom(stream, 300);
      expect(learnt).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
      expect(hid.device(pathOf(stream.device)).isClosed).toBe(true);
    },
  );

  it('opens only readers: never a keyboard, a mouse or a FIDO key', async () => {
    expect(DESK_DEVICES.filter(isHidReaderCandidate)).toEqual([]);
    expect(isHidReaderCandidate({ vendorId: 1, productId: 2, path: '/dev/hidraw9' })).toBe(true);
    expect(isHidReaderCandidate({ vendorId: 1, productId: 2, usagePage: 0xff00 })).toBe(false);
    const failing = await hidCandidates({
      devices: () => Promise.reject(new Error('no node-hid')),
    });
    expect(failing).toEqual([]);
  });

  it('keeps listening when a device unplugs mid-read, and learns the next tap', async () => {
    const hid = benchFor('keys-vendor', 'em-ascii');
    const keys = pathOf('keys-vendor');
    const em = pathOf('em-ascii');
    const k1 = cards.find((s) => s.device === 'keys-vendor');
    const v3 = cards.find((s) => s.name.startsWith('V3 as ASCII hex'));
    if (k1 === undefined || v3 === undefined) throw new Error('missing recorded streams');
    const logs: string[] = [];
    const listening = new Set<string>();
    const learnt = await learnHidReader(2000, {
      devices: hid.devices,
      open: hid.open,
      clock: hid.clock,
      log: (m) => logs.push(m),
      onOpened: (info) => {
        listening.add(info.path ?? '');
        if (listening.size < 2) return;
        hid.play(keys, k1.reports.slice(0, 6));
        hid.device(keys).unplug();
        hid.play(em, v3.reports, 1000);
      },
    });
    expect(learnt).toMatchObject({
      ok: true,
      value: { reader: { vendorId: '08ff', layout: 'ascii' }, cardId: '4B00423C15' },
    });
    expect(logs.join('\n')).toContain(`${keys} lost while learning`);
    expect(hid.device(keys).isClosed).toBe(true);
    expect(hid.device(em).isClosed).toBe(true);
  });

  it('answers no card when the only reader unplugs, and skips a device that cannot open', async () => {
    const hid = benchFor('keys-vendor', 'em-ascii');
    hid.refused.add(pathOf('em-ascii'));
    const learnt = await learnHidReader(300, {
      devices: hid.devices,
      open: hid.open,
      clock: hid.clock,
      onOpened: (info) => {
        hid.device(info.path ?? '').unplug();
      },
    });
    expect(learnt).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
    expect(hid.openedPaths.sort()).toEqual([pathOf('em-ascii'), pathOf('keys-vendor')].sort());
  });

  it('learns the first of two readers tapped', async () => {
    const hid = benchFor('mifare-lp', 'em-ascii');
    const m1 = cards.find((s) => s.name.startsWith('M1'));
    const v1 = cards.find((s) => s.name.startsWith('V1 as ASCII hex'));
    if (m1 === undefined || v1 === undefined) throw new Error('missing recorded streams');
    const listening = new Set<string>();
    const learnt = await learnHidReader(2000, {
      devices: hid.devices,
      open: hid.open,
      clock: hid.clock,
      onOpened: (info) => {
        listening.add(info.path ?? '');
        if (listening.size < 2) return;
        hid.play(pathOf('mifare-lp'), m1.reports);
        hid.play(pathOf('em-ascii'), v1.reports, 5);
      },
    });
    expect(learnt).toMatchObject({ ok: true, value: { cardId: 'E43AC9D2' } });
  });

  it('stops when told to (another reader was tapped)', async () => {
    const hid = benchFor('em-ascii');
    const controller = new AbortController();
    const learnt = await learnHidReader(
      60_000,
      {
        devices: hid.devices,
        open: hid.open,
        onOpened: () => {
          controller.abort();
        },
      },
      controller.signal,
    );
    expect(learnt).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
    expect(hid.device(pathOf('em-ascii')).isClosed).toBe(true);
  });
});
