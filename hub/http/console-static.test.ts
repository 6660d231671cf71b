import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { Hub } from '../server';
import type { HubStore } from '../store/store';
import { CONSOLE_CSP } from './console-static';

const SECURITY = {
  'content-security-policy': CONSOLE_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function headersOf(answer: Response, names: readonly string[]) {
  return Object.fromEntries(names.map((n) => [n, answer.headers.get(n)]));
}

describe.each(storeCases())('the console app served at /console/ ($name)', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let dir = '';
  const hubs: Hub[] = [];
  const start = async (consoleDir: string) => {
    const { hub, url } = await startTestHub(store, { consoleDir, purgeIntervalMs: 0 });
    hubs.push(hub);
    return url;
  };

  beforeAll(async () => {
    db = await storeCase.create();
    store = await db.open();
    dir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
    mkdirSync(path.join(dir, 'built', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'built', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(dir, 'built', 'assets', 'index-AbC123.js'), 'export {};');
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html revalidated, hashed assets cached for a year, both with the security headers', async () => {
    const url = await start(path.join(dir, 'built'));
    const index = await fetch(`${url}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>console</title>');
    expect(headersOf(index, Object.keys(SECURITY))).toEqual(SECURITY);

    const asset = await fetch(`${url}/console/assets/index-AbC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(headersOf(asset, Object.keys(SECURITY))).toEqual(SECURITY);

    const bare = await fetch(`${url}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
  });

  it('answers a missing file and a climb out of the folder with the hub 404, never a file', async () => {
    const url = await start(path.join(dir, 'built'));
    const missing = await fetch(`${url}/console/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'error', code: 'not-found' });
    const climb = await fetch(`${url}/console/%2e%2e/%2e%2e/package.json`);
    expect(climb.status).toBe(404);
  });

  it('answers 503 with a page saying to build the console when it is not built', async () => {
    const url = await start(path.join(dir, 'missing'));
    const page = await fetch(`${url}/console/`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('npm run build:console');
    expect(headersOf(page, Object.keys(SECURITY))).toEqual(SECURITY);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
