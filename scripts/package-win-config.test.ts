import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { readBuilderConfig, validateBuilderConfig } from './package-win-config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('electron-builder.yml against electron-builder’s own schema', () => {
  it('is accepted as a whole', async () => {
    await expect(validateBuilderConfig(await readBuilderConfig(root))).resolves.toBeUndefined();
  });

  it('builds a per-machine NSIS installer for x64 that keeps the kiosk’s data', async () => {
    const config = await readBuilderConfig(root);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: false,
      deleteAppDataOnUninstall: false,
      runAfterFinish: false,
    });
  });

  it('rejects what the schema forbids, so the checks above are not vacuous', async () => {
    const config = await readBuilderConfig(root);
    await expect(
      validateBuilderConfig({ ...config, nsis: { ...config.nsis, perMachine: 'yes' as never } }),
    ).rejects.toThrow(/perMachine/);
    await expect(
      validateBuilderConfig({ ...config, nsis: { ...config.nsis, kioskMode: true } as never }),
    ).rejects.toThrow(/configuration\.nsis/);
  });
});
