import { describe, expect, it } from 'vitest';
import { isLoopbackHttpUrl, resolveRuntimeOptions } from './runtime-options';

describe('resolveRuntimeOptions', () => {
  it('serves app://kiosk/ without devtools by default', () => {
    expect(resolveRuntimeOptions({ isPackaged: false, env: {} })).toEqual({
      isDev: false,
      startUrl: 'app://kiosk/',
      appOrigin: 'app://kiosk',
      ignored: [],
    });
  });

  it('allows devtools and the vite dev server only when unpackaged', () => {
    const env = { KIOSK_DEV: '1', KIOSK_DEV_URL: 'http://localhost:5173/' };
    expect(resolveRuntimeOptions({ isPackaged: false, env })).toEqual({
      isDev: true,
      startUrl: 'http://localhost:5173/',
      appOrigin: 'http://localhost:5173',
      ignored: [],
    });
    expect(resolveRuntimeOptions({ isPackaged: true, env })).toEqual({
      isDev: false,
      startUrl: 'app://kiosk/',
      appOrigin: 'app://kiosk',
      ignored: ['KIOSK_DEV (packaged app)', 'KIOSK_DEV_URL (packaged app)'],
    });
  });

  it('refuses a dev URL that is not loopback http', () => {
    const options = resolveRuntimeOptions({
      isPackaged: false,
      env: { KIOSK_DEV_URL: 'https://evil.example/' },
    });
    expect(options.startUrl).toBe('app://kiosk/');
    expect(options.ignored).toEqual(['KIOSK_DEV_URL (not an http://localhost URL)']);
  });

  it('only accepts KIOSK_DEV=1 as the devtools switch', () => {
    expect(resolveRuntimeOptions({ isPackaged: false, env: { KIOSK_DEV: 'true' } }).isDev).toBe(
      false,
    );
  });
});

describe('isLoopbackHttpUrl', () => {
  it.each([
    ['http://localhost:5173', true],
    ['http://127.0.0.1:5173/', true],
    ['http://[::1]:5173/', true],
    ['https://localhost:5173', false],
    ['http://localhost.evil.example/', false],
    ['http://user:pw@localhost/', false],
    ['file:///tmp/index.html', false],
    ['nonsense', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackHttpUrl(url)).toBe(expected);
  });
});
