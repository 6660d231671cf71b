// `npm run test:package`: the kiosk's Linux package, built and installed into a throwaway Debian
// root (build/package.test.ts). Its own config: it needs root, mmdebstrap and a few minutes, so the
// unit run (vitest.config.ts) leaves it out; scripts/test.sh runs it as its own step after the build.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'package',
    environment: 'node',
    include: ['build/**/*.test.ts'],
    testTimeout: 120_000,
    // The first run makes the Debian root with mmdebstrap (cached afterwards).
    hookTimeout: 900_000,
  },
});
