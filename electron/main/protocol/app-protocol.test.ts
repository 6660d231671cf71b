import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '#shared/security/csp';
import { createAppProtocolHandler, mimeTypeOf, resolveAppRequest } from './app-protocol';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'my file.css'), 'body{}');
  await writeFile(path.join(base, 'secret.txt'), 'secret');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveAppRequest', () => {
  it('maps / to index.html and a path to its file with its MIME type', () => {
    expect(resolveAppRequest('app://kiosk/', root)).toEqual({
      status: 200,
      filePath: path.join(root, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('app://kiosk', root)).toMatchObject({ status: 200 });
    expect(resolveAppRequest('app://kiosk/assets/app.js?v=2#x', root)).toEqual({
      status: 200,
      filePath: path.join(root, 'assets', 'app.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://kiosk/assets/my%20file.css', root)).toMatchObject({
      filePath: path.join(root, 'assets', 'my file.css'),
    });
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/assets/../../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E%2Fsecret.txt',
    'app://kiosk/assets/.%2e/.%2e/secret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/assets%2f..%2f..%2fsecret.txt',
    'app://kiosk//etc/passwd',
    'app://kiosk/%2Fetc%2Fpasswd',
    'app://kiosk/C:%5CWindows%5Cwin.ini',
    'app://kiosk/a%00.js',
    'app://kiosk/%E0%A4%A',
    'app://evil/index.html',
    'app://kiosk.evil/index.html',
    'https://kiosk/index.html',
    'file:///etc/passwd',
    'app://user@kiosk/index.html',
  ])('refuses %s with 403', (url) => {
    expect(resolveAppRequest(url, root)).toMatchObject({ status: 403 });
  });

  it('answers 404 for folders and unparsable URLs', () => {
    expect(resolveAppRequest('app://kiosk/assets/', root)).toMatchObject({ status: 404 });
    expect(resolveAppRequest('::', root)).toMatchObject({ status: 404 });
  });

  it('knows the MIME types the renderer build emits', () => {
    expect(mimeTypeOf('a.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  const get = (url: string, method = 'GET') => createAppProtocolHandler(root)({ url, method });

  it('serves index.html with the CSP, nosniff and its MIME type', async () => {
    const response = await get('app://kiosk/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>kiosk</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets; HEAD has headers and no body', async () => {
    expect(await (await get('app://kiosk/assets/app.js')).text()).toBe('console.log(1)');
    const head = await get('app://kiosk/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it.each([
    ['app://kiosk/missing.js', 404],
    ['app://kiosk/assets', 404],
    ['app://kiosk/%2e%2e/secret.txt', 403],
    ['app://other/index.html', 403],
    ['app://kiosk/assets/link.txt', 403],
  ])('answers %s with %i, CSP included, never the secret', async (url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await response.text()).not.toContain('secret');
  });

  it('refuses other methods with 405', async () => {
    expect((await get('app://kiosk/', 'POST')).status).toBe(405);
  });
});
