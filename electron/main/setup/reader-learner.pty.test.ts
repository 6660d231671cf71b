import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lfcrFrame, rdm6300Frame } from '#shared/readers/frame-builders';
import { PtyPair } from '../readers/testing/pty-pair';
import { learnSerialReader } from './reader-learner';

/** "Tap any card now" on a real pty pair (socat): the learner finds the port and the format. */
describe('learnSerialReader over a socat pty', () => {
  let pty: PtyPair;
  let other: PtyPair;
  beforeAll(async () => {
    pty = await PtyPair.create();
    other = await PtyPair.create();
  });
  afterAll(async () => {
    await pty.dispose();
    await other.dispose();
  });

  function tapWhenListening(pair: PtyPair, frame: Uint8Array) {
    const listening = new Set<string>();
    return {
      list: () => Promise.resolve([]),
      extraPaths: () => [other.readerPath, pty.readerPath, '/dev/no-such-port'],
      onOpened: (path: string) => {
        listening.add(path);
        // Both real ports open (the missing one is skipped): tap on the one being learnt.
        if (listening.size === 2) pair.write(frame);
      },
    };
  }

  it('learns the port and the RDM6300 format of the first tap', async () => {
    const learnt = await learnSerialReader(5000, tapWhenListening(pty, rdm6300Frame('14008EC793')));
    expect(learnt).toEqual({
      ok: true,
      value: { source: 'serial', path: pty.readerPath, format: 'rdm6300', cardId: '14008EC793' },
    });
  });

  it('learns a CR LF reader on the other port, after the first one closed', async () => {
    const learnt = await learnSerialReader(5000, tapWhenListening(other, lfcrFrame('4B00423C15')));
    expect(learnt).toMatchObject({ ok: true, value: { path: other.readerPath, format: 'lfcr' } });
  });

  it('says no card arrived within the time', async () => {
    const learnt = await learnSerialReader(1000, {
      list: () => Promise.resolve([]),
      extraPaths: () => [pty.readerPath],
    });
    expect(learnt).toMatchObject({ ok: false, error: { code: 'setup-no-card' } });
  });
});
