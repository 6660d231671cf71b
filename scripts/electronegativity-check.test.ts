import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

// The gate itself: it must fail on a real HIGH/MEDIUM finding and let the preload note through.
// Each run takes ~10 s: electronegativity tries (and offline, fails) to fetch Electron's releases.

const script = path.resolve(import.meta.dirname, 'electronegativity-check.mjs');
const run = promisify(execFile);
const dirs: string[] = [];

async function app(mainJs: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eneg-app-'));
  dirs.push(dir);
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'fixture', devDependencies: { electron: '45.5.0' } }),
  );
  await writeFile(
    path.join(dir, 'index.html'),
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'">`,
  );
  await writeFile(path.join(dir, 'main.js'), mainJs);
  return dir;
}

async function check(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('node', [script, '--input', dir]);
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const failure = e as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

const LOCKED_DOWN = `
const { app, BrowserWindow, session } = require('electron');
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false));
const win = new BrowserWindow({
  webPreferences: {
    preload: 'preload.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    disableBlinkFeatures: 'Auxclick',
  },
});
`;

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('electronegativity-check', () => {
  it('passes a locked-down app, naming the allowed preload note', async () => {
    const { code, output } = await check(await app(LOCKED_DOWN));
    expect(output).toContain('PRELOAD_JS_CHECK');
    expect(output).toContain('passed');
    expect(code).toBe(0);
  }, 60_000);

  it('fails on a window without isolation or sandbox, and lists the findings', async () => {
    const insecure = LOCKED_DOWN.replace('contextIsolation: true', 'contextIsolation: false')
      .replace('sandbox: true', 'sandbox: false')
      .replace('nodeIntegration: false', 'nodeIntegration: true');
    const { code, output } = await check(await app(insecure));
    expect(code).toBe(1);
    expect(output).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(output).toContain('SANDBOX_JS_CHECK');
  }, 60_000);
});
