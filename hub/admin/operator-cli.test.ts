import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../cli';
import { signIn } from '../console-api/testing/console-http';
import type { HubStore } from '../store/store';
import { MONS, NOW } from '../test-support/factories';
import { startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { importSpacesCsv } from './admin';

const SPACES = `id,name,city,country,timezone,languages
${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en
`;

describe.each(storeCases())('operator commands on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let out: string[];
  let err: string[];
  let stdin: string;
  const cli = (...args: string[]) => {
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
      now: () => NOW,
      readStdin: () => Promise.resolve(stdin),
    };
    return runCli([...args, '--db', db.url], io);
  };
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await importSpacesCsv(store, SPACES, NOW);
    out = [];
    err = [];
    stdin = '';
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('adds, lists, resets and disables operators, each audited as the CLI', async () => {
    expect(await cli('operator', 'list')).toBe(0);
    expect(out.pop()).toBe(
      'No operator yet: make the first with operator add --email <e> --role network.',
    );
    expect(await cli('operator', 'add', '--email', 'Net@Coffee.example', '--role', 'network')).toBe(
      0,
    );
    const password = out.pop() ?? '';
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(err.pop()).toMatch(/^Operator net@coffee\.example added \(network operator\)\./);

    stdin = 'a chosen long password\n';
    expect(
      await cli(
        'operator',
        'add',
        '--email',
        'mons@coffee.example',
        '--role',
        'space',
        '--space',
        MONS,
        '--password-stdin',
      ),
    ).toBe(0);
    expect(out.pop()).toBe(`Operator mons@coffee.example added (manager of ${MONS}).`);

    const { hub, url } = await startTestHub(store, { clock: () => NOW });
    try {
      const session = await signIn(url, 'net@coffee.example', password);
      await signIn(url, 'mons@coffee.example', 'a chosen long password');

      expect(await cli('operator', 'reset', '--email', 'net@coffee.example')).toBe(0);
      const fresh = out.pop() ?? '';
      expect(fresh).not.toBe(password);
      await expect(signIn(url, 'net@coffee.example', password)).rejects.toThrow(/401/);
      const again = await signIn(url, 'net@coffee.example', fresh);
      expect(again.cookie).not.toBe(session.cookie);

      expect(await cli('operator', 'disable', '--email', 'mons@coffee.example')).toBe(0);
      expect(out.pop()).toBe('Operator mons@coffee.example disabled; their sessions ended.');
      await expect(signIn(url, 'mons@coffee.example', 'a chosen long password')).rejects.toThrow(
        /401/,
      );
    } finally {
      await hub.close();
    }
    expect(await cli('operator', 'list')).toBe(0);
    expect(out.splice(0)).toEqual([
      'EMAIL                ROLE     SPACE            STATE     LAST LOGIN (UTC)',
      `mons@coffee.example  space    ${MONS}  disabled  ${new Date(NOW).toISOString().slice(0, 16).replace('T', ' ')}`,
      `net@coffee.example   network  -                enabled   ${new Date(NOW).toISOString().slice(0, 16).replace('T', ' ')}`,
    ]);
    const audit = await store.operators.auditPage(undefined, 10);
    expect(audit.map((e) => [e.actor, e.action, e.actorEmail])).toEqual([
      ['cli', 'operator.disable', null],
      ['cli', 'operator.reset', null],
      ['cli', 'operator.add', null],
      ['cli', 'operator.add', null],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/password|argon2/);
  });

  it('refuses an unknown space, a taken email, a short password and bad usage, writing nothing', async () => {
    expect(
      await cli(
        'operator',
        'add',
        '--email',
        'x@coffee.example',
        '--role',
        'space',
        '--space',
        'co-nnexion-mosn',
      ),
    ).toBe(1);
    expect(err.pop()).toBe(`No space co-nnexion-mosn. Known space: ${MONS}.`);
    expect(await cli('operator', 'add', '--email', 'x@coffee.example', '--role', 'space')).toBe(1);
    expect(err.pop()).toBe('A space manager needs a space (--space).');
    stdin = 'short\n';
    expect(
      await cli(
        'operator',
        'add',
        '--email',
        'x@coffee.example',
        '--role',
        'network',
        '--password-stdin',
      ),
    ).toBe(1);
    expect(err.pop()).toBe('A password has at least 12 characters.');
    expect(await store.operators.listOperators()).toEqual([]);
    expect(out).toEqual([]);

    expect(await cli('operator', 'add', '--email', 'x@coffee.example', '--role', 'network')).toBe(
      0,
    );
    expect(await cli('operator', 'add', '--email', 'X@coffee.example', '--role', 'network')).toBe(
      1,
    );
    expect(err.pop()).toBe('An operator x@coffee.example exists already.');
    // The last enabled network operator stays.
    expect(await cli('operator', 'disable', '--email', 'x@coffee.example')).toBe(1);
    expect(err.pop()).toBe(
      'The last enabled network operator can be neither disabled nor demoted.',
    );
    expect(await cli('operator', 'reset', '--email', 'y@coffee.example')).toBe(1);
    expect(err.pop()).toBe('No operator y@coffee.example.');

    for (const args of [
      ['operator', 'add', '--email', 'nope', '--role', 'network'],
      ['operator', 'add', '--email', 'z@coffee.example', '--role', 'boss'],
      ['operator', 'add', '--email', 'z@coffee.example', '--role', 'network', '--space', MONS],
      ['operator', 'promote', '--email', 'x@coffee.example'],
    ]) {
      expect(await cli(...args), args.join(' ')).toBe(2);
    }
    expect(await store.operators.listOperators()).toHaveLength(1);
    expect(await store.operators.auditPage(undefined, 10)).toHaveLength(1);
  });
});
