import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedOperator } from '../console-api/testing/console-http';
import { memoryLog } from '../log';
import { createHub } from '../server';
import { openSqliteStore } from '../store/sqlite-store';
import { parseTrustProxy } from './trust-proxy';

describe('HUB_TRUST_PROXY', () => {
  it('takes addresses and CIDR ranges, and refuses anything else (never "everyone")', () => {
    expect(parseTrustProxy('127.0.0.1')).toEqual({ ok: true, value: ['127.0.0.1'] });
    expect(parseTrustProxy(' 10.0.0.0/8, ::1 ,fd00::/8')).toEqual({
      ok: true,
      value: ['10.0.0.0/8', '::1', 'fd00::/8'],
    });
    for (const bad of ['', 'true', '*', 'proxy.local', '10.0.0.0/33', '::1/129', '1.2.3.4/8/8']) {
      expect(parseTrustProxy(bad), bad).toMatchObject({
        ok: false,
        error: { code: 'trust-proxy-invalid' },
      });
    }
  });

  it('believes a trusted proxy on the scheme and the client address, and no one else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-proxy-'));
    const store = await openSqliteStore(join(dir, 'hub.sqlite'));
    const account = { email: 'net@coffee.example', password: 'a long enough password' };
    await seedOperator(store, { ...account, role: 'network' });
    const behind = createHub({ store, log: memoryLog(), trustProxy: ['127.0.0.1'] });
    const open = createHub({ store, log: memoryLog() });
    try {
      const urlOf = async (hub: typeof open) =>
        `http://127.0.0.1:${(await hub.listen({ port: 0, host: '127.0.0.1' })).port}`;
      const trusted = await urlOf(behind);
      const direct = await urlOf(open);
      const login = (url: string, client: string, body: { email: string; password: string }) =>
        fetch(`${url}/console/api/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-proto': 'https',
            'x-forwarded-for': client,
          },
          body: JSON.stringify(body),
        });

      // The scheme: Secure only when a trusted proxy says the client spoke HTTPS.
      const viaProxy = await login(trusted, '203.0.113.5', account);
      expect(viaProxy.status).toBe(200);
      expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure;/);
      const spoofed = await login(direct, '203.0.113.5', account);
      expect(spoofed.status).toBe(200);
      expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/);

      // The address: five failures from one client behind the proxy throttle that client only.
      for (let i = 0; i < 5; i += 1) {
        const wrong = { email: `nobody${String(i)}@coffee.example`, password: 'not the password' };
        expect((await login(trusted, '198.51.100.7', wrong)).status).toBe(401);
      }
      expect((await login(trusted, '198.51.100.7', account)).status).toBe(429);
      expect((await login(trusted, '198.51.100.8', account)).status).toBe(200);

      // Without trust, a made-up X-Forwarded-For does not escape the throttling of its address.
      for (let i = 0; i < 5; i += 1) {
        const wrong = { email: `someone${String(i)}@coffee.example`, password: 'not the password' };
        expect((await login(direct, `192.0.2.${String(i)}`, wrong)).status).toBe(401);
      }
      expect((await login(direct, '192.0.2.99', account)).status).toBe(429);
    } finally {
      await behind.close();
      await open.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
