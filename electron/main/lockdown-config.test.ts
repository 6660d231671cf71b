import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RENDERER_CSP } from '#shared/security/csp';
import { securityHeaders } from './protocol/app-protocol';
import { kioskWebPreferences, kioskWindowOptions } from './window/lockdown';

// The kiosk's lockdown as configuration (issue 2, "Done when"): web preferences, window options,
// the CSP and the fuses electron-builder flips in the packaged binary.

function cspDirectives(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') directives.set(name, values);
  }
  return directives;
}

describe('kioskWebPreferences', () => {
  it('sandboxes and isolates the renderer with no Node and no devtools in production', () => {
    expect(kioskWebPreferences('/app/dist/preload/index.cjs', { isDev: false })).toEqual({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    });
  });

  it('allows devtools in development only and changes nothing else', () => {
    const dev = kioskWebPreferences('/p.cjs', { isDev: true });
    const prod = kioskWebPreferences('/p.cjs', { isDev: false });
    expect(dev.devTools).toBe(true);
    expect({ ...dev, devTools: false }).toEqual(prod);
  });
});

describe('kioskWindowOptions', () => {
  it('is a full-screen kiosk window without menu bar, shown when ready', () => {
    const options = kioskWindowOptions('/p.cjs', { isDev: false });
    expect(options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      autoHideMenuBar: true,
      show: false,
      backgroundColor: expect.stringMatching(/^#[0-9a-f]{6}$/i) as unknown,
    });
    expect(options.webPreferences).toEqual(kioskWebPreferences('/p.cjs', { isDev: false }));
  });
});

describe('renderer CSP', () => {
  const directives = cspDirectives(RENDERER_CSP);

  it('allows no inline or eval script and no inline style', () => {
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).not.toContain('unsafe-hashes');
    expect(RENDERER_CSP).not.toContain('wasm-unsafe-eval');
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('reaches no remote origin: connect-src and every other source list are self-only', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    for (const [name, values] of directives) {
      for (const value of values) {
        expect(`${name} ${value}`).toMatch(/ ('self'|'none'|data:)$/);
      }
    }
  });

  it('is the header of every app:// response, with nosniff', () => {
    expect(securityHeaders()).toMatchObject({
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
  });
});

describe('electron-builder.yml', () => {
  const load = async (): Promise<Record<string, unknown>> =>
    parse(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;

  it('sets every fuse of the lockdown', async () => {
    expect((await load())['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs only the built app into an asar', async () => {
    const config = await load();
    expect(config['appId']).toBe('be.coffee.kiosk');
    expect(config['asar']).toBe(true);
    expect(config['files']).toEqual([
      'dist/main/**',
      'dist/preload/**',
      'dist/renderer/**',
      'package.json',
    ]);
    expect(config['directories']).toMatchObject({ output: 'dist/packages' });
    expect(config['linux']).toMatchObject({ target: ['dir'] });
  });
});
