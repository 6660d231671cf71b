import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUB_NODE_ARGS as ELECTRON_TESTS_ARGS } from '#electron/main/hub-client/testing/hub-process';
import { HUB_NODE_ARGS } from '#hub/test-support/hub-command';

const scripts = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the hub's node arguments", () => {
  it('are the same in `npm run hub`, the tests and benchmarks, and main-side tests', () => {
    expect(scripts['hub']).toBe(
      `node scripts/build-hub.mjs --quiet && node ${HUB_NODE_ARGS.join(' ')}`,
    );
    expect(ELECTRON_TESTS_ARGS).toEqual(HUB_NODE_ARGS);
  });
});
