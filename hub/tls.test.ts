import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('hub over TLS', () => {
  it('serves HTTPS with the given certificate files', async () => {
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
      } finally {
        await hub.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
