import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedOperator } from './console-api/testing/console-http';
import { memoryLog } from './log';
import { createHub } from './server';
import { openSqliteStore } from './store/sqlite-store';

function httpsJson(url: string, ca: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    }).on('error', reject);
  });
}

/** Logs in over HTTPS; resolves with the status and the Set-Cookie headers. */
function httpsLogin(
  url: string,
  ca: Buffer,
  body: unknown,
): Promise<{ status: number; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('hub over TLS', () => {
  it('serves HTTPS with the given certificate files, and a Secure console cookie', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-tls-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const store = await openSqliteStore(join(dir, 'hub.sqlite'));
      const hub = createHub({
        store,
        log: memoryLog(),
        tls: { key: readFileSync(key), cert: readFileSync(cert) },
      });
      try {
        const { port } = await hub.listen({ port: 0, host: '127.0.0.1' });
        const reply = await httpsJson(`https://127.0.0.1:${port}/health`, readFileSync(cert));
        expect(reply).toMatchObject({ status: 200, body: { status: 'ok', store: 'sqlite' } });
        const account = { email: 'net@coffee.example', password: 'a long enough password' };
        await seedOperator(store, { ...account, role: 'network' });
        const login = await httpsLogin(
          `https://127.0.0.1:${port}/console/api/login`,
          readFileSync(cert),
          account,
        );
        expect(login.status).toBe(200);
        expect(login.cookies).toEqual([
          expect.stringMatching(
            /^coffee_console=[\w-]{43}; Path=\/console; HttpOnly; Secure; SameSite=Strict$/,
          ) as string,
        ]);
      } finally {
        await hub.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
