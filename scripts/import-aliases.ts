import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The `#shared/…`, `#hub/…` … import aliases as Vite `resolve.alias` entries, read from
 * package.json's `imports` (the one list; tsconfig.base.json's `paths` mirror it and a test checks
 * they agree). Throws when package.json has no `imports` of the `#name/*` → `./dir/*` form.
 */
export function importAliases(): { find: RegExp; replacement: string }[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    imports?: Record<string, string>;
  };
  return Object.entries(pkg.imports ?? {}).map(([key, target]) => {
    if (!key.endsWith('/*') || !target.startsWith('./') || !target.endsWith('/*')) {
      throw new Error(
        `package.json imports: ${key} → ${target} is not of the #name/* → ./dir/* form`,
      );
    }
    const name = key.slice(0, -2);
    return {
      find: new RegExp(`^${name}/`),
      replacement: `${path.join(root, target.slice(2, -2))}/`,
    };
  });
}
