// `npm run package:win`: the kiosk's per-machine NSIS installer (electron-builder.yml, `win` and
// `nsis`), after `npm run build` (the npm script runs it first). The configuration is checked
// against electron-builder's schema first; the build itself needs Electron's Windows build, which
// electron-builder downloads: it cannot run on a closed network (build/README.md).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeAppDir } from './package-app-dir';
import { readBuilderConfig, validateBuilderConfig } from './package-win-config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
await validateBuilderConfig(await readBuilderConfig(root));
await makeAppDir(root);
const builder = spawnSync(join(root, 'node_modules/.bin/electron-builder'), ['--win', 'nsis'], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = builder.status ?? 1;
