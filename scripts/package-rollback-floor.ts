// The rollback floor of a kiosk package (decision 0052): the oldest version the installed package
// lets root's installer of staged updates go back to, even when the hub asks for it (a pin). A
// release that fixes a flaw is built with `--rollback-floor <that release>`: kiosks running it
// then refuse every older signed package, the flawed ones included.
import { lte, valid } from 'semver';

/** Where the package holds its floor (root's, like the update key): one version, one line. */
export const ROLLBACK_FLOOR_PATH = '/usr/share/coffee-kiosk/rollback-floor';

/**
 * Why `floor` cannot be the rollback floor of a package of `version`, or undefined when it can:
 * a version (X.Y.Z, as the kiosk's releases are numbered) no higher than the package's own.
 */
export function rollbackFloorError(floor: string, version: string): string | undefined {
  if (valid(floor) !== floor) return `--rollback-floor "${floor}" is not a version (X.Y.Z)`;
  if (!lte(floor, version)) {
    return `--rollback-floor ${floor} is above the package's own version ${version}`;
  }
  return undefined;
}
