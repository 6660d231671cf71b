import fc from 'fast-check';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedForms } from '#shared/card/card-id';
import { DEMO_CARDS } from '#shared/demo/demo-data';
import { createKioskLog } from './kiosk-log';
import { redact, redactValue } from './redact';

describe('redact', () => {
  it('masks e-mails, phone numbers and every derived form of the demo cards', () => {
    const cases: [string, string][] = [
      ['push refused for jan.peeters+desk@example.be', 'push refused for [email]'],
      ['call +32 470 12 34 56 now', 'call [phone] now'],
      ['number 0470/12.34.56 given', 'number [phone] given'],
      ['card 4B00423C15 unknown', 'card [card] unknown'],
      ['uid e43ac9d2 read', 'uid [card] read'],
      ['typed 0004338709, then 066,15125', 'typed [card], then [card]'],
    ];
    for (const [input, expected] of cases) expect(redact(input)).toBe(expected);
    for (const card of DEMO_CARDS) {
      const forms = derivedForms(card.canonical);
      const values = [card.canonical, card.dec10, card.w26, forms?.em4100Hex].filter(
        (v): v is string => v !== undefined,
      );
      for (const v of values) expect(redact(`read ${v}.`)).not.toContain(v);
    }
  });

  it('keeps what the log is for: instants, UUIDs, versions, paths, codes and ports', () => {
    const kept = [
      'hub epoch 1b4e28ba-2fa1-11d2-883f-0016d3cca427 at 1764786568000',
      'reader desk: connected (/dev/ttyUSB0)',
      'kiosk 1.4.0 starting; heartbeat failed: hub-timeout',
      'hub http://127.0.0.1:41234 answered 413 after 12 ms',
      'renderer gone: crashed → reload',
    ];
    for (const line of kept) expect(redact(line)).toBe(line);
  });

  it('never throws and never lets an e-mail through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.emailAddress(), fc.string(), (a, email, b) => {
        expect(redact(`${a} ${email} ${b}`)).not.toContain(email);
      }),
    );
  });

  it('masks errors and objects, keeping errors as errors', () => {
    const error = redactValue(new Error('ENOENT for ann@example.org'));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('ENOENT for [email]');
    expect(redactValue({ phone: '+32470123456' })).toBe("{ phone: '[phone]' }");
    expect(redactValue(12)).toBe(12);
  });
});

describe('the log file', () => {
  it('holds no e-mail, phone or card id that a caller or an error let slip', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-redact-'));
    try {
      const log = createKioskLog({ dir, appName: 'COFFEE Kiosk', toConsole: false });
      log.info('push of ann@example.org failed');
      log.warn('sms to +32 470 12 34 56', new Error('card 4B00423C15 refused'));
      log.error('reader typed 0004338709', new Error('unknown'));
      const text = await readFile(log.file, 'utf8');
      for (const secret of ['ann@example.org', '470 12 34 56', '4B00423C15', '0004338709'])
        expect(text).not.toContain(secret);
      expect(text).toContain('push of [email] failed');
      expect(text).toContain('Error: card [card] refused');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
