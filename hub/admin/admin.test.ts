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
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { importMembersCsv, importSpacesCsv } from './admin';

const MEMBERS = `id,displayName,homeSpaceId,cardIds,active,preferredLang
m1,"Dubois, Camille",co-nnexion-mons,14008EC793; 04:B2:5C:1A,true,fr
m2,Jan Peeters,mutualab-lille,,no,
`;

const SPACES = `id,name,city,country,timezone,languages
co-nnexion-mons,Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en
mutualab-lille,Mutualab,Lille,FR,Europe/Paris,fr;en
`;

/** What an import refused, as its message and details (or the value it resolved with). */
function said(result: Awaited<ReturnType<typeof importMembersCsv>>) {
  return result.ok ? result.value : [result.error.message, ...(result.error.details ?? [])];
}

describe.each(storeCases())('admin on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    expect(await importSpacesCsv(store, SPACES, 1_741_500_000_000)).toEqual({
      ok: true,
      value: { imported: 2, delimiter: ',' },
    });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('imports members with normalised cards indexed under every derived form', async () => {
    expect(await importMembersCsv(store, MEMBERS, 1_741_600_000_000)).toEqual({
      ok: true,
      value: { imported: 2, delimiter: ',' },
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

  it('imports nothing when any row is bad, and lists every problem of every bad row', async () => {
    const records = (await store.stats()).records;
    const bad = `${MEMBERS}m3,,co-nnexion-mons,,true,\nm1,Dup,co-nnexion-mons,zz!; 0x,maybe,de\n`;
    const result = await importMembersCsv(store, bad, Date.now());
    expect(result).toMatchObject({ ok: false, error: { code: 'import-invalid' } });
    expect(said(result)).toEqual([
      'Nothing imported (read as ,-separated): 2 bad rows.',
      'line 4: displayName is empty',
      expect.stringMatching(
        /^line 5: id: the id of line 2 again; cardIds, card 1: .+; cardIds, card 2: .+; active must be true or false; preferredLang: .+$/,
      ) as string,
    ]);
    // Where, never what: the file's values stay out of the errors.
    expect(JSON.stringify(result)).not.toMatch(/zz!|0x|Dup/);
    const twice = await importMembersCsv(store, `${MEMBERS}m1,Again,co-nnexion-mons,,yes,\n`, 1);
    expect(said(twice)).toEqual([
      'Nothing imported (read as ,-separated): 1 bad row.',
      'line 4: id: the id of line 2 again',
    ]);
    expect((await store.stats()).records).toBe(records);
  });

  it('refuses a home space the hub does not hold, naming it and the known spaces', async () => {
    const result = await importMembersCsv(
      store,
      'id,displayName,homeSpaceId,cardIds,active\nm1,Camille,co-nnexion-mosn,,true\n',
      Date.now(),
    );
    expect(said(result)).toEqual([
      'Nothing imported (read as ,-separated): 1 bad row.',
      'line 2: homeSpaceId: no space co-nnexion-mosn on this hub',
      'Known spaces: co-nnexion-mons, mutualab-lille.',
    ]);
    expect(await store.readRecord('members', 'm1')).toBeUndefined();
  });

  it('refuses one card for two members, in any of its forms, across the whole network', async () => {
    // Sarah Lambert's EM4100 card 4B00423C15 in three forms, and a MIFARE UID reversed.
    const clash = [
      'id,displayName,homeSpaceId,cardIds,active',
      'm-sarah,Sarah Lambert,co-nnexion-mons,4B00423C15,true',
      'm-copy,Copy,mutualab-lille,0004340757,true',
      'm-w26,Wiegand,co-nnexion-mons,"E43AC9D2; 066,15381",true',
      'm-lea,Léa Martin,mutualab-lille,E43AC9D2,true',
    ].join('\n');
    expect(said(await importMembersCsv(store, clash, Date.now()))).toEqual([
      'Nothing imported (read as ,-separated): 3 bad rows.',
      'line 3: cardIds, card 1: the same card as line 2, card 1 (the same 10-digit number)',
      'line 4: cardIds, card 2: the same card as line 2, card 1 (the same Wiegand-26 view)',
      'line 5: cardIds, card 1: the same card as line 4, card 1 (the same id)',
    ]);
    // Against the members the hub holds, whatever their space.
    expect((await importMembersCsv(store, MEMBERS, Date.now())).ok).toBe(true);
    const later =
      'id,displayName,homeSpaceId,cardIds,active\nm9,Nine,mutualab-lille,1A5CB204,true\n';
    expect(said(await importMembersCsv(store, later, Date.now()))).toEqual([
      'Nothing imported (read as ,-separated): 1 bad row.',
      'line 2: cardIds, card 1: member m1 already holds this card (the same UID, in one byte order or the other): a tap would be ambiguous',
    ]);
    expect(await store.readRecord('members', 'm9')).toBeUndefined();
    // A file may move a card: m1 gives it up in the same import that gives it to m9.
    const moved = `${later}m1,"Dubois, Camille",co-nnexion-mons,14008EC793,true\n`;
    expect(await importMembersCsv(store, moved, Date.now() + 1000)).toMatchObject({ ok: true });
    expect(await store.cardHolders(['uid:04B25C1A'])).toEqual(new Map([['uid:04B25C1A', 'm9']]));
    // And swap cards, which no order of single writes could.
    const swapped = [
      'id,displayName,homeSpaceId,cardIds,active',
      'm9,Nine,mutualab-lille,14008EC793,true',
      'm1,"Dubois, Camille",co-nnexion-mons,1A5CB204,true',
    ].join('\n');
    expect(await importMembersCsv(store, swapped, Date.now() + 2000)).toMatchObject({ ok: true });
    expect(await store.cardHolders(['uid:04B25C1A', 'hex:14008EC793'])).toEqual(
      new Map([
        ['uid:04B25C1A', 'm1'],
        ['hex:14008EC793', 'm9'],
      ]),
    );
    const m9 = (await store.pull(0, 100, null)).changes.find((c) => c.recordId === 'm9');
    expect(m9?.record).toMatchObject({ cardIds: ['14008EC793'] });
  });

  it('reads ;-separated files, as Belgian and French spreadsheets write them, and says so', async () => {
    const semicolons = [
      'id;displayName;homeSpaceId;cardIds;active;preferredLang',
      'm1;Dubois, Camille;co-nnexion-mons;"14008EC793;04:B2:5C:1A";true;fr',
      'm2;Jan Peeters;mutualab-lille;;no;',
    ].join('\r\n');
    expect(await importMembersCsv(store, semicolons, Date.now())).toEqual({
      ok: true,
      value: { imported: 2, delimiter: ';' },
    });
    expect((await store.readRecord('members', 'm1'))?.state).toMatchObject({
      fields: { cardIds: { value: ['14008EC793', '04B25C1A'] } },
    });
    // An unquoted list splits the row: the error says how the file was read and what to do.
    const unquoted = semicolons.replace('"14008EC793;04:B2:5C:1A"', '14008EC793;04B25C1A');
    expect(said(await importMembersCsv(store, unquoted, Date.now()))).toEqual([
      'CSV line 2 (read as ;-separated): 7 fields, the header has 6. A list such as "fr;nl" needs quotes in a ;-separated file.',
    ]);
  });

  it('imports spaces', async () => {
    const csv =
      'id,name,city,country,timezone,languages\nco-nnexion-mons,Co-nnexion,Mons,be,Europe/Brussels,fr;nl;en\n';
    expect(await importSpacesCsv(store, csv, Date.now())).toEqual({
      ok: true,
      value: { imported: 1, delimiter: ',' },
    });
    const changes = (await store.pull(0, 10, MONS)).changes;
    expect(changes.find((c) => c.recordId === MONS)?.record).toEqual({
      id: 'co-nnexion-mons',
      name: 'Co-nnexion',
      city: 'Mons',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr', 'nl', 'en'],
    });
    const bad = csv.replace('Co-nnexion', '').replace('be,', 'bel,').replace('fr;nl;en', 'fr;de');
    expect(said(await importSpacesCsv(store, bad, Date.now()))).toEqual([
      'Nothing imported (read as ,-separated): 1 bad row.',
      'line 2: name is empty; country: ISO 3166-1 alpha-2, e.g. BE; languages: only fr, nl, en',
    ]);
  });

  it('CLI: kiosk add prints a code a kiosk enrols with; kiosk revoke locks it out', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, now: Date.now };
    const cli = (...args: string[]) => runCli([...args, '--db', db.url], io);
    let hub: Hub | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    try {
      expect(await cli('kiosk', 'list')).toBe(0);
      expect(out.pop()).toBe(
        'No kiosk enrolled yet: make an enrolment code with kiosk add --space <spaceId>.',
      );
      // A space the hub does not hold: a sentence naming it and the known ones; nothing written.
      expect(await cli('kiosk', 'add', '--space', 'co-nnexion-mosn')).toBe(1);
      expect(err.pop()).toBe(
        'No space co-nnexion-mosn. Known spaces: co-nnexion-mons, mutualab-lille.',
      );
      expect(out).toEqual([]);
      const enrolments = () =>
        withRawDb(db.url, (raw) => raw.query('SELECT code_hash FROM enrolments'));
      expect(await enrolments()).toEqual([]);
      expect(await cli('kiosk', 'add', '--space', MONS)).toBe(0);
      expect(await enrolments()).toHaveLength(1);
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
      expect(out.splice(-2)).toEqual([
        'KIOSK    SPACE            STATE       LAST SEEN (UTC)  PULLED THROUGH  WHY',
        `kiosk-a  ${MONS}  never seen  -                0               enrolled, not heard from yet`,
      ]);
      expect(await cli('kiosk', 'revoke', 'kiosk-a')).toBe(0);
      expect((await post(`${started.url}/v1/sync/pull`, pull, { token })).status).toBe(403);
      expect(await cli('kiosk', 'revoke', 'nobody')).toBe(1);
      expect(await cli('kiosk', 'fly')).toBe(2);
      expect(err.join('\n')).toContain('Unknown command: kiosk fly');
      expect(await cli('kiosk', 'reinstate')).toBe(2);
      expect(err.join('\n')).toContain('kiosk reinstate needs a kiosk id.');
      writeFileSync(join(dir, 'members.csv'), MEMBERS);
      expect(await cli('members', 'import', join(dir, 'members.csv'))).toBe(0);
      expect(out.pop()).toBe('Imported 2 members (read as ,-separated).');
      writeFileSync(
        join(dir, 'one.csv'),
        'id;displayName;homeSpaceId;cardIds;active\nm3;Ann;mutualab-lille;;yes\n',
      );
      expect(await cli('members', 'import', join(dir, 'one.csv'))).toBe(0);
      expect(out.pop()).toBe('Imported 1 member (read as ;-separated).');
      writeFileSync(
        join(dir, 'bad.csv'),
        'id;displayName;homeSpaceId;cardIds;active\nm4;;mutualab-lille;;yes\n',
      );
      expect(await cli('members', 'import', join(dir, 'bad.csv'))).toBe(1);
      expect(err.pop()).toBe(
        `Cannot import ${join(dir, 'bad.csv')}: Nothing imported (read as ;-separated): 1 bad row.\n  line 2: displayName is empty`,
      );
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
      expect(out.pop()).toBe('Erased member m1.');
      expect((await store.readRecord('members', 'm1'))?.state).toEqual({ kind: 'erased' });
      expect(await cli('erase', 'member', 'm1')).toBe(0);
      expect(out.pop()).toBe('The member m1 was already erased.');
      // An id the hub has no record of (a typo): refused, no tombstone left under it.
      expect(await cli('erase', 'visitor', 'nobody')).toBe(1);
      expect(err.pop()).toContain('No visitor nobody on this hub: nothing erased');
      expect(await store.readRecord('visitors', 'nobody')).toBeUndefined();
    } finally {
      await hub?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
