// electron-builder.yml read and checked the way electron-builder checks it before a build: its own
// configuration schema (app-builder-lib's scheme.json, through its validateConfiguration). Used by
// `npm run package:win` before anything is downloaded, and by its test here, where the Windows
// installer cannot be built (Electron's Windows build cannot be downloaded).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { parse } from 'yaml';

export async function readBuilderConfig(root: string): Promise<Configuration> {
  return parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

/** Resolves when electron-builder accepts `config`; rejects with its own message otherwise. */
export async function validateBuilderConfig(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}
