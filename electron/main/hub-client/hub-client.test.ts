import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '#shared/sync/protocol';
import { fileCredentialStore } from './credential-store';
import { createHubClient, type HubClientOptions } from './hub-client';
import { startHubProcess, type HubProcess } from './testing/hub-process';

const MONS = 'co-nnexion-mons';
const NOW = Date.now();

function visit(over: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    spaceId: MONS,
    personKind: 'member' as const,
    personId: 'm1',
    method: 'wedge' as const,
    checkInAt: NOW - 3600_000,
    kioskId: 'kiosk-a',
    ...over,
  };
}

function put(table: 'visits', record: { id: string }, ms: number): Mutation {
  const hlc = `${String(ms).padStart(15, '0')}-000000-kiosk-a`;
  return { mutationId: crypto.randomUUID(), table, op: 'put', recordId: record.id, record, hlc };
}

async function tinyServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer(answer);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${addr.port}`, server };
}

describe('hub client against the real hub process', () => {
  let hub: HubProcess;
  let url: string;
  let dir: string;
  let code: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    hub = await startHubProcess();
    url = hub.url;
    // `kiosk add` enrols kiosks of a space the hub holds only.
    const seed = await mkdtemp(join(tmpdir(), 'hub-spaces-'));
    try {
      const csv = join(seed, 'spaces.csv');
      await writeFile(
        csv,
        `id,name,city,country,timezone,languages\n${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en\n`,
      );
      await hub.cli('spaces', 'import', csv);
    } finally {
      await rm(seed, { recursive: true, force: true });
    }
  }, 30_000);
  afterAll(async () => {
    await hub.dispose();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-client-'));
    code = (await hub.cli('kiosk', 'add', '--space', MONS)).trim();
  }, 30_000);
  afterEach(async () => {
    for (const s of servers.splice(0)) s.close();
    await rm(dir, { recursive: true, force: true });
  });

  let kioskId = 'kiosk-a';
  beforeEach(() => {
    // Each test enrols its own kiosk: a kiosk id enrolled earlier keeps its own data on the hub.
    kioskId = `kiosk-${crypto.randomUUID().slice(0, 8)}`;
  });
  const client = (over: Partial<HubClientOptions> = {}) =>
    createHubClient({
      hubUrl: url,
      kioskId,
      enrolmentCode: code,
      credentials: fileCredentialStore(join(dir, 'hub-credential.json')),
      ...over,
    });

  it('enrols on first use, keeps the credential in a 0600 file, and reuses it', async () => {
    const first = client();
    expect(await first.isEnrolled()).toBe(false);
    const v = visit();
    const pushed = await first.push({ batch: [put('visits', v, NOW - 1000)] });
    expect(pushed).toMatchObject({ ok: true, value: { type: 'push-result', rejected: [] } });
    const file = join(dir, 'hub-credential.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      kioskId,
      spaceId: MONS,
    });

    // A restarted kiosk has no usable code any more: the stored credential suffices.
    const second = client({ enrolmentCode: undefined });
    expect(await second.isEnrolled()).toBe(true);
    const page = await second.pull({ cursor: 0, limit: 100 });
    expect(page.ok && page.value.changes.map((c) => c.recordId)).toContain(v.id);
  });

  it('gzips large pushes, and the hub applies them', async () => {
    const c = client();
    const batch = Array.from({ length: 100 }, () => put('visits', visit(), NOW - 1000));
    const reply = await c.push({ batch });
    expect(reply.ok && reply.value.accepted.length).toBe(100);
    const raw = Buffer.byteLength(JSON.stringify(batch));
    expect(c.stats().bytesSent).toBeLessThan(raw / 2);
    // The push's own bytes: everything but the enrolment that came first.
    const pushed = c.stats().pushBytesSent;
    expect(pushed).toBeGreaterThan(0);
    expect(pushed).toBeLessThan(c.stats().bytesSent);
    await c.pull({ cursor: 0, limit: 10 });
    expect(c.stats().pushBytesSent).toBe(pushed);
  });

  it("re-nodes stamps queued under the kiosk's former id, so the hub takes them", async () => {
    // The hub takes only stamps bearing the pushing kiosk's id; these were made as kiosk-a.
    const c = client();
    const before = put('visits', visit(), NOW - 1000);
    expect(before.hlc.endsWith('-kiosk-a')).toBe(true);
    const reply = await c.push({ batch: [before] });
    expect(reply).toMatchObject({
      ok: true,
      value: { accepted: [before.mutationId], rejected: [] },
    });
  });

  it("reports a push carrying another hub's epoch as hub-epoch-changed", async () => {
    const c = client();
    const batch = [put('visits', visit(), NOW - 1000)];
    expect(await c.push({ batch, hubEpoch: 'a-wiped-hub' })).toMatchObject({
      ok: false,
      error: { code: 'hub-epoch-changed', details: ['epoch-mismatch'] },
    });
    const page = await c.pull({ cursor: 0, limit: 10, hubEpoch: 'a-wiped-hub' });
    expect(page).toMatchObject({ ok: true, value: { reset: true } });
    const hubEpoch = page.ok ? page.value.hubEpoch : '';
    expect(await c.push({ batch, hubEpoch })).toMatchObject({ ok: true, value: { rejected: [] } });
  });

  it('needs an enrolment code when no credential is stored', async () => {
    const reply = await client({ enrolmentCode: undefined }).pull({ cursor: 0, limit: 10 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'enrolment-needed' } });
  });

  it('reports a used enrolment code and a forged credential as unauthorized', async () => {
    expect((await client().enrol()).ok).toBe(true);
    await rm(join(dir, 'hub-credential.json'));
    const reused = await client().pull({ cursor: 0, limit: 10 });
    expect(reused).toMatchObject({
      ok: false,
      error: { code: 'hub-unauthorized', details: ['enrolment-invalid'] },
    });
    await writeFile(
      join(dir, 'hub-credential.json'),
      JSON.stringify({
        hubUrl: url,
        kioskId,
        spaceId: MONS,
        token: `${kioskId}.forged`,
        hubEpoch: 'any',
        enrolledAt: 1,
      }),
    );
    const forged = await client().pull({ cursor: 0, limit: 10 });
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'hub-unauthorized', details: ['credential-invalid'] },
    });
  });

  it('reports 413 when a batch exceeds the hub limit', async () => {
    const c = client();
    const big = Array.from({ length: 1001 }, () => put('visits', visit(), NOW - 1000));
    const reply = await c.push({ batch: big });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'hub-too-large', details: ['batch-too-large'] },
    });
  });

  it('maps transport failures and odd replies to typed errors', async () => {
    const closed = await tinyServer(() => undefined);
    closed.server.close();
    await once(closed.server, 'close');
    expect(await client({ hubUrl: closed.url }).pull({ cursor: 0, limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'hub-network' },
    });

    const silent = await tinyServer(() => undefined);
    servers.push(silent.server);
    expect(await client({ hubUrl: silent.url, timeoutMs: 200 }).enrol()).toMatchObject({
      ok: false,
      error: { code: 'hub-timeout' },
    });

    const answers: [number, unknown, string][] = [
      [
        426,
        { type: 'error', protocolVersion: 2, code: 'kiosk-too-old', message: 'update' },
        'kiosk-too-old',
      ],
      [503, 'gateway', 'hub-unavailable'],
      [200, { type: 'nonsense' }, 'hub-bad-reply'],
      [
        409,
        { type: 'error', protocolVersion: 1, code: 'kiosk-other-space', message: 'x' },
        'hub-refused',
      ],
    ];
    for (const [status, body, expected] of answers) {
      const s = await tinyServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      servers.push(s.server);
      expect(await client({ hubUrl: s.url }).enrol()).toMatchObject({
        ok: false,
        error: { code: expected },
      });
    }
  });
});
