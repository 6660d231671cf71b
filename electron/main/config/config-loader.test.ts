import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import { CONFIG_FILE_NAME, kioskConfigLocation, loadKioskConfig } from './config-loader';

const VALID = {
  kioskId: 'mons-desk-1',
  spaceId: 'co-nnexion-mons',
  languages: ['fr', 'en'],
  defaultLang: 'fr',
  hostPinHash:
    'pbkdf2-sha256$120000$uyCdGgf9zk+ZKrV+9d3R0w==$Y3VcmaA9/ynVGHzLgl3pR5Rft8SZMRujdxkUHOKHmuc=',
  hub: { url: 'https://hub.coffee.example' },
};

let userDataDir: string;
const configPath = () => path.join(userDataDir, CONFIG_FILE_NAME);
const write = (content: string) => writeFile(configPath(), content, 'utf8');

beforeEach(async () => {
  userDataDir = await mkdtemp(path.join(tmpdir(), 'kiosk-config-'));
});

afterEach(async () => {
  await rm(userDataDir, { recursive: true, force: true });
});

describe('kioskConfigLocation', () => {
  it('reads kiosk.json in the user-data folder unless KIOSK_CONFIG names a file', () => {
    expect(kioskConfigLocation('/data', {})).toEqual({
      path: path.join('/data', 'kiosk.json'),
      isExplicit: false,
    });
    expect(kioskConfigLocation('/data', { KIOSK_CONFIG: '/etc/kiosk/mons.json' })).toEqual({
      path: '/etc/kiosk/mons.json',
      isExplicit: true,
    });
    expect(kioskConfigLocation('/data', { KIOSK_CONFIG: '  ' }).isExplicit).toBe(false);
  });
});

describe('loadKioskConfig', () => {
  it('runs on the demo config when no file was installed', async () => {
    expect(await loadKioskConfig({ userDataDir, env: {} })).toEqual({
      status: 'ok',
      config: DEMO_KIOSK_CONFIG,
      isDemo: true,
    });
  });

  it('loads a valid file with the schema defaults applied', async () => {
    await write(JSON.stringify(VALID));
    const state = await loadKioskConfig({ userDataDir, env: {} });
    expect(state).toMatchObject({
      status: 'ok',
      isDemo: false,
      config: { kioskId: 'mons-desk-1' },
    });
    expect(state.status === 'ok' && state.config.readers.wedge.enabled).toBe(true);
  });

  it('reports invalid JSON with the path', async () => {
    await write('{ "kioskId": ');
    expect(await loadKioskConfig({ userDataDir, env: {} })).toMatchObject({
      status: 'invalid',
      path: configPath(),
      error: { code: 'config-not-json' },
    });
  });

  it('reports every schema error, each naming its field', async () => {
    await write(JSON.stringify({ ...VALID, kioskId: 'Bad Id', languages: [], surprise: 1 }));
    const state = await loadKioskConfig({ userDataDir, env: {} });
    expect(state.status).toBe('invalid');
    const details = state.status === 'invalid' ? (state.error.details ?? []) : [];
    expect(state).toMatchObject({ path: configPath(), error: { code: 'config-invalid' } });
    expect(details.some((d) => d.startsWith('kioskId:'))).toBe(true);
    expect(details.some((d) => d.startsWith('languages:'))).toBe(true);
    expect(details.some((d) => d.includes('surprise'))).toBe(true);
  });

  it('reads the file named by KIOSK_CONFIG, and calls a missing one an error, not demo mode', async () => {
    const elsewhere = path.join(userDataDir, 'elsewhere.json');
    await writeFile(elsewhere, JSON.stringify(VALID), 'utf8');
    expect(
      await loadKioskConfig({ userDataDir: '/nonexistent', env: { KIOSK_CONFIG: elsewhere } }),
    ).toMatchObject({ status: 'ok', isDemo: false });
    const missing = path.join(userDataDir, 'missing.json');
    expect(await loadKioskConfig({ userDataDir, env: { KIOSK_CONFIG: missing } })).toMatchObject({
      status: 'invalid',
      path: missing,
      error: { code: 'config-missing' },
    });
  });

  it('reports an unreadable config (here a folder) as config-unreadable', async () => {
    await mkdir(configPath());
    expect(await loadKioskConfig({ userDataDir, env: {} })).toMatchObject({
      status: 'invalid',
      error: { code: 'config-unreadable' },
    });
  });
});
