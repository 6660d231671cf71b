import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKiosk } from '../admin/admin';
import { hashEnrolmentCode } from '../auth/credentials';
import { runCli, type CliIo } from '../cli';
import { MONS, NOW } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { joinLogFiles, packLog } from './content';

describe.each(storeCases())('kiosk logs on $name', (storeCase) => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await storeCase.create();
    dir = await mkdtemp(join(tmpdir(), 'kiosk-logs-cli-'));
    const store = await db.open();
    const { code } = await addKiosk(store, MONS, NOW - 60_000);
    await store.redeemEnrolment(hashEnrolmentCode(code), 'mons-1', 'h', NOW - 60_000);
    await store.close();
  });
  afterEach(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => runWith(() => undefined, ...args);
  const runWith = async (onErr: (line: string) => void, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => {
        err.push(l);
        onErr(l);
      },
      env: {},
      now: () => NOW,
    };
    const code = await runCli(['kiosk', 'logs', ...args, '--db', db.url], io);
    return { code, out, err };
  };

  /** Stores an upload of mons-1 as the upload route would, at `at`. */
  const uploaded = async (at: number, text: string) => {
    const store = await db.open();
    try {
      await store.kioskLogs.store(
        {
          uploadId: crypto.randomUUID(),
          kioskId: 'mons-1',
          receivedAt: at,
          textBytes: text.length,
          fileNames: ['main.log'],
          content: await packLog(joinLogFiles([{ name: 'main.log', text }])),
        },
        5,
      );
    } finally {
      await store.close();
    }
  };

  it('asks, audited as cli; lists what came; --save writes the newest to a private file', async () => {
    const asked = await run('mons-1');
    expect(asked.code).toBe(0);
    expect(asked.err.join('\n')).toContain('Asked kiosk mons-1 for its logs');
    expect(asked.out).toEqual(['No logs received yet.']);
    const store = await db.open();
    expect(await store.kioskLogs.pending('mons-1')).toMatchObject({ requestedBy: 'cli' });
    const audit = await store.operators.auditPage(undefined, 5);
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ['cli', 'kiosk.logs-request', 'kiosk:mons-1'],
    ]);
    await store.close();

    await uploaded(NOW + 1000, 'reader desk: connected');
    const saved = await run('mons-1', '--save', '--out', dir);
    expect(saved.code).toBe(0);
    expect(saved.out).toEqual([join(dir, 'mons-1-2025-03-10T09-00-01-000Z.log')]);
    expect(await readFile(saved.out[0] ?? '', 'utf8')).toBe(
      '===== main.log =====\nreader desk: connected\n',
    );
    const listed = await run('mons-1');
    expect(listed.out[0]).toBe('Logs received:');
    expect(listed.out[1]).toContain('2025-03-10 09:00:01 UTC  1 KiB  main.log');
  });

  it('--wait writes the upload that answers the request', async () => {
    // The command says it asked before it starts waiting: the upload then answers the request.
    let resolve: () => void = () => undefined;
    const asked = new Promise<void>((r) => {
      resolve = r;
    });
    const waiting = runWith(
      (line) => {
        if (line.startsWith('Asked')) resolve();
      },
      'mons-1',
      '--wait',
      '--out',
      dir,
    );
    await asked;
    await uploaded(NOW, 'answered');
    const done = await waiting;
    expect(done.code).toBe(0);
    expect(await readFile(done.out[0] ?? '', 'utf8')).toContain('answered');
  });

  it('refuses an unknown kiosk, nothing to save, and a bad --wait-minutes', async () => {
    expect((await run('nowhere-1')).code).toBe(1);
    expect((await run('mons-1', '--save')).code).toBe(1);
    expect((await run('mons-1', '--wait', '--wait-minutes', 'soon')).code).toBe(2);
  });
});
