import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { runCli, type CliIo } from '../cli';
import type { Hub } from '../server';
import type { HubStore } from '../store/store';
import { MONS } from '../test-support/factories';
import { post, startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { importMembersCsv, importSpacesCsv } from './admin';

const MEMBERS = `id,displayName,homeSpaceId,cardIds,active,preferredLang
m1,"Dubois, Camille",co-nnexion-mons,14008EC793; 04:B2:5C:1A,true,fr
m2,Jan Peeters,mutualab-lille,,no,
`;

describe.each(storeCases())('admin on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('imports members with normalised cards indexed under every derived form', async () => {
    expect(await importMembersCsv(store, MEMBERS, 1_741_600_000_000)).toEqual({
      ok: true,
      value: { imported: 2 },
    });
    const page = await store.pull(0, 100, null);
    const m1 = page.changes.find((c) => c.recordId === 'm1')?.record as Record<string, unknown>;
    expect(m1).toMatchObject({
      displayName: 'Dubois, Camille',
      cardIds: ['14008EC793', '04B25C1A'],
      isActive: true,
      preferredLang: 'fr',
    });
    expect((m1['cardKeys'] as string[]).length).toBeGreaterThan(2);
    expect(page.changes.find((c) => c.recordId === 'm2')?.record).toMatchObject({
      isActive: false,
      cardIds: [],
    });
  });

  it('imports nothing when any row is bad, and lists every bad row', async () => {
    const bad = `${MEMBERS}m3,,co-nnexion-mons,,true,\nm1,Dup,co-nnexion-mons,zz!,maybe,\n`;
    const result = await importMembersCsv(store, bad, Date.now());
    expect(result).toMatchObject({ ok: false, error: { code: 'import-invalid' } });
    expect(!result.ok && result.error.details).toEqual([
      expect.stringContaining('line 4: displayName') as string,
      expect.stringContaining('line 5: cardIds, card 1: ') as string,
    ]);
    // Where, never what: the file's values stay out of the errors.
    expect(JSON.stringify(result)).not.toContain('zz!');
    const twice = await importMembersCsv(store, `${MEMBERS}m1,Again,co-nnexion-mons,,yes,\n`, 1);
    expect(!twice.ok && twice.error.details).toEqual(['line 4: the id of line 2 again']);
    expect((await store.stats()).records).toBe(0);
  });

  it('imports spaces', async () => {
    const csv =
      'id,name,city,country,timezone,languages\nco-nnexion-mons,Co-nnexion,Mons,be,Europe/Brussels,fr;nl;en\n';
    expect(await importSpacesCsv(store, csv, Date.now())).toEqual({
      ok: true,
      value: { imported: 1 },
    });
    expect((await store.pull(0, 10, MONS)).changes[0]?.record).toEqual({
      id: 'co-nnexion-mons',
      name: 'Co-nnexion',
      city: 'Mons',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr', 'nl', 'en'],
    });
    expect((await importSpacesCsv(store, csv.replace('fr;nl;en', 'fr;de'), Date.now())).ok).toBe(
      false,
    );
  });

  it('CLI: kiosk add prints a code a kiosk enrols with; kiosk revoke locks it out', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, now: Date.now };
    const cli = (...args: string[]) => runCli([...args, '--db', db.url], io);
    let hub: Hub | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    try {
      expect(await cli('kiosk', 'add', '--space', MONS)).toBe(0);
      const code = out.pop() ?? '';
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const started = await startTestHub(store);
      hub = started.hub;
      const enrolled = await post(`${started.url}/v1/enrol`, {
        type: 'enrol',
        protocolVersion: PROTOCOL_VERSION,
        code,
        kioskId: 'kiosk-a',
      });
      const token = String(enrolled.body['token']);
      const pull = { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 10 };
      expect((await post(`${started.url}/v1/sync/pull`, pull, { token })).status).toBe(200);
      expect(await cli('kiosk', 'list')).toBe(0);
      expect(out.pop()).toBe(`kiosk-a\t${MONS}\tactive\tpulled through 0`);
      expect(await cli('kiosk', 'revoke', 'kiosk-a')).toBe(0);
      expect((await post(`${started.url}/v1/sync/pull`, pull, { token })).status).toBe(403);
      expect(await cli('kiosk', 'revoke', 'nobody')).toBe(1);
      expect(await cli('kiosk', 'fly')).toBe(2);
      expect(err.join('\n')).toContain('Unknown command: kiosk fly');
      expect(await cli('kiosk', 'reinstate')).toBe(2);
      expect(err.join('\n')).toContain('kiosk reinstate needs a kiosk id.');
      writeFileSync(join(dir, 'members.csv'), MEMBERS);
      expect(await cli('members', 'import', join(dir, 'members.csv'))).toBe(0);
      expect(out.pop()).toBe('Imported 2 members.');
      // A file that is not the CSV meant: its path and why, never its content.
      const passwd = join(dir, 'passwd');
      writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/sbin/nologin\n');
      for (const target of [passwd, dir, join(dir, 'absent.csv')]) {
        expect(await cli('members', 'import', target)).toBe(1);
        const said = err.pop() ?? '';
        expect(said).toContain(target);
        expect(said).not.toMatch(/root|daemon|nologin/);
      }
      expect(await cli('erase', 'member', 'm1')).toBe(0);
      expect((await store.readRecord('members', 'm1'))?.state).toEqual({ kind: 'erased' });
    } finally {
      await hub?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
