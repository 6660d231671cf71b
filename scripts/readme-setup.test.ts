import { readFileSync, readdirSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parseKioskConfig } from '#shared/config/kiosk-config';
import { DEFAULT_PIN_ITERATIONS, verifyPin } from '#shared/security/pin-hash';
import { TIMING_OVERRIDES } from '#renderer/platform/browser-kiosk-api';

/**
 * The README's setup facts, held to the code: the Node versions it names are package.json's
 * `engines`, the running Node is one of them, and every installed package that asks for more is
 * named; the toolchain it names is what system-deps.sh installs; its kiosk.json example is a valid
 * config whose PIN hash is what hash-pin.ts makes; its URL overrides are the browser build's.
 */

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};

/** Every package installed at the top of node_modules (scoped ones included), with its engines. */
function installedEngines(): { name: string; node: string }[] {
  const modules = new URL('node_modules/', root);
  const names = readdirSync(modules).flatMap((d) =>
    d.startsWith('@')
      ? readdirSync(new URL(`${d}/`, modules)).map((s) => `${d}/${s}`)
      : d.startsWith('.')
        ? []
        : [d],
  );
  return names.flatMap((name) => {
    try {
      const manifest = JSON.parse(
        readFileSync(new URL(`${name}/package.json`, modules), 'utf8'),
      ) as { engines?: { node?: unknown } };
      const node = manifest.engines?.node;
      return typeof node === 'string' && semver.validRange(node) !== null ? [{ name, node }] : [];
    } catch {
      return [];
    }
  });
}

describe('README setup', () => {
  it('names the Node versions of package.json engines, which the running Node is one of', () => {
    const range = pkg.engines.node;
    expect(readme).toContain(`\`engines\`: \`${range}\``);
    expect(semver.satisfies(process.versions.node, range)).toBe(true);
  });

  it('names every installed package whose engines do not cover ours (npm warns about them)', () => {
    const stricter = installedEngines().filter((p) => !semver.subset(pkg.engines.node, p.node));
    expect(stricter.map((p) => p.name)).toContain('electron');
    for (const p of stricter) expect(readme, `${p.name} (${p.node})`).toContain(`\`${p.name}\``);
  });

  it('names the toolchain that system-deps.sh installs to compile native modules', () => {
    const deps = readFileSync(new URL('scripts/system-deps.sh', root), 'utf8');
    const packages = /^packages=\(([^)]*)\)/m.exec(deps)?.[1]?.split(/\s+/) ?? [];
    for (const tool of ['build-essential', 'python3']) {
      expect(packages).toContain(tool);
      expect(readme).toContain(`\`${tool}\``);
    }
    for (const native of ['better-sqlite3', 'node-hid', '@serialport/bindings-cpp']) {
      expect(readme).toContain(`\`${native}\``);
    }
  });

  it('shows a kiosk.json the config schema accepts, with the enrolment code in its place', () => {
    const json = /## Kiosk config[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const parsed = parseKioskConfig(JSON.parse(json));
    expect(parsed.ok && parsed.value.hub?.enrolmentCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){2}$/);
    expect(readme).toContain('`hub.enrolmentCode`');
  });

  it("shows a PIN hash of 4711 in hash-pin.ts's form, with its iteration count", async () => {
    const json = /"hostPinHash": "([^"]+)"/.exec(readme)?.[1] ?? '';
    expect(json.split('$').slice(0, 2)).toEqual(['pbkdf2-sha256', String(DEFAULT_PIN_ITERATIONS)]);
    expect(await verifyPin('4711', json)).toBe(true);
    expect(readme).toContain('npx tsx scripts/hash-pin.ts 4711');
  });

  it("lists every URL override of the browser build's timings", () => {
    for (const name of TIMING_OVERRIDES) expect(readme).toContain(`?${name}=`);
  });
});
