import { describe, expect, it } from 'vitest';
import type { KioskApi } from '#shared/ipc/contract';
import type { SetupTestTap } from '#shared/ipc/setup';
import { err, ok, type Result } from '#shared/result';
import { SetupFlow } from './setup-flow.svelte';

type Reply = Result<SetupTestTap>;

/** Main's answers to the test tap, each settled when the test says (IPC is the boundary here). */
function testApi() {
  const serial: ((reply: Reply) => void)[] = [];
  const cards: string[] = [];
  let wedgeReply: Reply = ok({ result: 'unknown' });
  const setup: Pick<KioskApi['setup'], 'testTap' | 'testCard'> = {
    testTap: () =>
      new Promise<Reply>((resolve) => {
        serial.push(resolve);
      }),
    testCard: (request) => {
      cards.push(request.cardId);
      return Promise.resolve(wedgeReply);
    },
  };
  return {
    api: { setup } as KioskApi,
    serial,
    cards,
    setWedgeReply: (reply: Reply) => {
      wedgeReply = reply;
    },
  };
}

function flowAtTest(api: KioskApi, withSerial: boolean): SetupFlow {
  const flow = new SetupFlow(api, 'first-run', () => undefined);
  if (withSerial)
    flow.serial = {
      source: 'serial',
      path: '/dev/ttyUSB0',
      format: 'rdm6300',
      cardId: '14008EC793',
    };
  flow.step = 'readers';
  flow.toTest();
  return flow;
}

describe('the setup flow: test tap', () => {
  it('listens on the learnt serial reader at once, and shows its answer', async () => {
    const t = testApi();
    const flow = flowAtTest(t.api, true);
    expect(flow.step).toBe('test');
    expect(t.serial).toHaveLength(1);
    expect(flow.testsPending).toBe(1);
    t.serial[0]?.(ok({ result: 'member', firstName: 'Marie' }));
    await expect.poll(() => flow.testsPending).toBe(0);
    expect(flow.testResult).toEqual({ result: 'member', firstName: 'Marie' });
  });

  it('keeps a wedge answer when the serial wait ends later without a card', async () => {
    const t = testApi();
    const flow = flowAtTest(t.api, true);
    await flow.testWedge('0001234567');
    expect(t.cards).toEqual(['0001234567']);
    expect(flow.testResult).toEqual({ result: 'unknown' });
    t.serial[0]?.(err({ code: 'setup-no-card', message: 'no card' }));
    await expect.poll(() => flow.testsPending).toBe(0);
    expect(flow.testResult).toEqual({ result: 'unknown' });
    expect(flow.testProblem).toBeNull();
  });

  it('says the hub is down, or that no card came, in its own words', async () => {
    const t = testApi();
    const flow = flowAtTest(t.api, false);
    expect(t.serial).toHaveLength(0);
    t.setWedgeReply(err({ code: 'setup-hub-unreachable', message: 'down' }));
    await flow.testWedge('0009357203');
    expect(flow.testProblem).toBe('hub-down');
    expect(flow.testResult).toBeNull();
    flow.serial = {
      source: 'serial',
      path: '/dev/ttyUSB0',
      format: 'rdm6300',
      cardId: '14008EC793',
    };
    const again = flow.testSerial();
    t.serial[0]?.(err({ code: 'setup-no-card', message: 'no card' }));
    await again;
    expect(flow.testProblem).toBe('no-card');
  });

  it('asks main for no test tap when only a HID reader was learnt (decision 0044)', () => {
    const t = testApi();
    const flow = new SetupFlow(t.api, 'first-run', () => undefined);
    flow.hid = {
      source: 'hid',
      product: 'RFID keys reader',
      reader: { vendorId: 'ffff', productId: '0035', layout: 'keyboard-usage' },
      cardId: '0004340757',
    };
    flow.step = 'readers';
    flow.toTest();
    expect(flow.step).toBe('test');
    expect(t.serial).toHaveLength(0);
    expect(flow.testsPending).toBe(0);
  });

  it('drops an answer that comes after Back', async () => {
    const t = testApi();
    const flow = flowAtTest(t.api, true);
    flow.back();
    expect(flow.step).toBe('readers');
    t.serial[0]?.(ok({ result: 'member', firstName: 'Marie' }));
    await expect.poll(() => flow.testsPending).toBe(0);
    expect(flow.testResult).toBeNull();
  });
});
