import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdm6300Frame } from '#shared/readers/frame-builders';
import { PtyPair } from '../readers/testing/pty-pair';
import {
  DESK_DEVICES,
  RECORDED_STREAMS,
  RecordedHid,
  recordedDevice,
} from '../readers/testing/recorded-hid';
import { learnTappedReader } from './tap-learner';

/**
 * "Tap any card now" over both kinds of reader at once: a real serial port (a socat pty) and a
 * recorded HID reader. The first tap wins and every port and device is closed after.
 */
describe('learnTappedReader: serial and HID together', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await PtyPair.create();
  });
  afterAll(async () => {
    await pty.dispose();
  });

  const v1 = RECORDED_STREAMS.find((s) => s.name.startsWith('V1 as ASCII hex'));
  const emPath = recordedDevice('em-ascii').path ?? '';

  function bench() {
    return { hid: new RecordedHid([...DESK_DEVICES, recordedDevice('em-ascii')]) };
  }

  /** Learns with the pty and the recorded HID reader; `tap` runs once both listen. */
  function learnWhenBothListen(hid: RecordedHid, tap: () => void) {
    const listening = new Set<string>();
    const heard = (path: string): void => {
      listening.add(path);
      if (listening.size === 2) tap();
    };
    return learnTappedReader(5000, {
      serial: {
        list: () => Promise.resolve([]),
        extraPaths: () => [pty.readerPath],
        onOpened: heard,
      },
      hid: {
        devices: hid.devices,
        open: hid.open,
        onOpened: (info) => {
          heard(info.path ?? '');
        },
      },
    });
  }

  it('learns a HID reader tapped while the serial ports listen too', async () => {
    if (v1 === undefined) throw new Error('missing recorded stream');
    const { hid } = bench();
    const learnt = await learnWhenBothListen(hid, () => {
      hid.play(emPath, v1.reports);
    });
    expect(learnt).toMatchObject({
      ok: true,
      value: { source: 'hid', reader: { vendorId: '08ff', layout: 'ascii' } },
    });
    expect(hid.device(emPath).isClosed).toBe(true);
  });

  it('learns a serial reader tapped first, and closes the HID readers', async () => {
    const { hid } = bench();
    const learnt = await learnWhenBothListen(hid, () => {
      pty.write(rdm6300Frame('14008EC793'));
    });
    expect(learnt).toEqual({
      ok: true,
      value: { source: 'serial', path: pty.readerPath, format: 'rdm6300', cardId: '14008EC793' },
    });
    expect(hid.device(emPath).isClosed).toBe(true);
  });

  it('says no card arrived on either', async () => {
    const { hid } = bench();
    const learnt = await learnTappedReader(500, {
      serial: { list: () => Promise.resolve([]), extraPaths: () => [pty.readerPath] },
      hid: { devices: hid.devices, open: hid.open },
    });
    expect(learnt).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
    if (!learnt.ok) expect(learnt.error.message).toMatch(/1 serial port.*1 HID reader/);
  });
});
