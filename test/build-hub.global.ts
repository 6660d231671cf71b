import { buildHub } from '#hub/test-support/hub-command';

/**
 * Global set-up of the Vitest and Playwright runs: the hub bundle the tests' child hubs start
 * (dist/hub/hub.js), built from the sources before any test.
 */
export default function setup(): void {
  buildHub();
}
