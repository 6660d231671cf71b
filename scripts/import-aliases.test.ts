import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importAliases } from './import-aliases';

const json = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('import aliases', () => {
  it('are the same in package.json imports and tsconfig paths', () => {
    const imports = json('package.json')['imports'] as Record<string, string>;
    const paths = (json('tsconfig.base.json')['compilerOptions'] as { paths: object }).paths;
    expect(paths).toEqual(
      Object.fromEntries(Object.entries(imports).map(([key, target]) => [key, [target]])),
    );
  });

  it('map each #name/ prefix to its folder for Vite', () => {
    const aliases = importAliases();
    const shared = aliases.find((a) => a.find.test('#shared/result'));
    expect(shared?.replacement).toMatch(/\/shared\/$/);
    expect(aliases.find((a) => a.find.test('#renderer/main'))?.replacement).toMatch(
      /\/renderer\/src\/$/,
    );
  });
});
