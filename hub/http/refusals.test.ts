import { once } from 'node:events';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorResponseSchema, PROTOCOL_VERSION } from '#shared/sync/protocol';
import { put, visit } from '../test-support/factories';
import { post } from '../test-support/http';
import { useHubFixture } from '../test-support/hub-fixture';
import { storeCases } from '../test-support/stores';

/**
 * Bodies that used to reach a 5xx or slip past a limit, over HTTP against the real hub on each
 * store, with the hub's default limits (8 MiB after gunzip): a record nested 5 000 arrays deep,
 * gzip bombs, a text/plain body, and an internal failure without an error code.
 */

/** `copies` gzip members of 1 MiB of zeros each (≈ 1 KiB apiece): a body that inflates `copies` MiB. */
function gzipBomb(copies: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => member));
}

/** CPU ms this process spent since `since`, measured once it has idled for 200 ms (at most 30 s). */
async function cpuMsUntilIdle(since: NodeJS.CpuUsage): Promise<number> {
  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  for (let waited = 0; waited < 30_000; waited += 200) {
    const start = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (ms(process.cpuUsage(start)) < 20) break;
  }
  return ms(process.cpuUsage(since));
}

describe.each(storeCases())('refusals on $name', (storeCase) => {
  const f = useHubFixture(storeCase);
  const push = (batch: unknown[]) => ({
    type: 'push',
    protocolVersion: PROTOCOL_VERSION,
    kioskId: 'kiosk-a',
    batch,
  });

  it('refuses a record nested 5 000 arrays deep (a 10 KB body) with 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const mutation = JSON.stringify(put('visits', visit())).replace(
      /"record":\{[^}]*\}/,
      `"record":${deep}`,
    );
    const raw = `{"type":"push","protocolVersion":1,"kioskId":"kiosk-a","batch":[${mutation}]}`;
    expect(raw.length).toBeGreaterThan(10_000);
    const reply = await post(`${f.url}/v1/sync/push`, null, { token: f.token, raw });
    expect(reply).toMatchObject({ status: 400, body: { type: 'error', code: 'malformed' } });
    expect(String(reply.body['message'])).toContain('32 deep');
    expect(f.log.entries).toContainEqual(
      expect.objectContaining({ message: 'request refused', status: 400, code: 'malformed' }),
    );
  });

  it('answers text/plain and other media types with 415, as the protocol promises', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const reply = await post(`${f.url}/v1/sync/push`, null, {
        token: f.token,
        raw: JSON.stringify(push([])),
        headers: { 'content-type': type },
      });
      expect({ type, status: reply.status, code: reply.body['code'] }).toEqual({
        type,
        status: 415,
        code: 'unsupported-media-type',
      });
    }
  });

  it('stops a gzip bomb at the inflated limit: 413, without inflating or holding the rest', async () => {
    // Deflate cannot beat ≈ 1:1030, so 10 KB inflates to 10 MiB at most: over the 8 MiB limit.
    const small = gzipBomb(10);
    expect(small.length).toBeLessThan(11_000);
    const reply = await post(`${f.url}/v1/sync/push`, null, {
      token: f.token,
      raw: small,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(reply).toMatchObject({ status: 413, body: { code: 'too-large' } });
    // ≈ 1 MB that inflates to 1 GiB: inflating it all would take seconds of CPU and, held, 1 GiB.
    const big = gzipBomb(1024);
    const rssBefore = process.resourceUsage().maxRSS;
    const cpuBefore = process.cpuUsage();
    const bomb = await post(`${f.url}/v1/sync/push`, null, {
      token: f.token,
      raw: big,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(bomb).toMatchObject({ status: 413, body: { code: 'too-large' } });
    // The reply comes at 8 MiB either way; what matters is that inflating stops there. Inflating
    // 1 GiB costs ≈ 2 s of CPU here (process CPU time, whatever the machine's load), so wait until
    // the process is idle and count all it spent since the request.
    const cpuMs = await cpuMsUntilIdle(cpuBefore);
    expect(cpuMs).toBeLessThan(800);
    expect((process.resourceUsage().maxRSS - rssBefore) / 1024).toBeLessThan(256);
    // The hub still serves.
    expect(
      (await post(`${f.url}/v1/sync/push`, push([]), { token: f.token, gzip: true })).status,
    ).toBe(200);
  });

  it('answers bytes Node cannot read as HTTP with the protocol body, and logs them', async () => {
    const { port } = new URL(f.url);
    for (const bytes of [
      'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nstray body',
      'NOT HTTP AT ALL\r\n\r\n',
    ]) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.end(bytes);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      await once(socket, 'close');
      const text = Buffer.concat(chunks).toString('utf8');
      // A valid request may come first (the GET); the refusal is the last response.
      const last = text.slice(text.lastIndexOf('HTTP/1.1 '));
      expect(last).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(last.slice(last.indexOf('\r\n\r\n') + 4)) as unknown;
      expect(ErrorResponseSchema.parse(body)).toMatchObject({ code: 'malformed' });
    }
    expect(
      f.log.entries.filter((e) => e.message === 'request refused' && e['status'] === 400),
    ).toHaveLength(2);
  });

  it('answers an internal failure without an error code with the protocol body, and logs it', async () => {
    // A real failure with no `code`: the store closed under a running hub.
    await f.store.close();
    const reply = await post(`${f.url}/v1/sync/push`, push([put('visits', visit())]), {
      token: f.token,
    });
    expect(reply).toMatchObject({
      status: 500,
      body: { type: 'error', protocolVersion: PROTOCOL_VERSION, code: 'internal' },
    });
    expect(f.log.entries).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'request failed', url: '/v1/sync/push' }),
    );
    f.store = await f.db.open();
  });
});
