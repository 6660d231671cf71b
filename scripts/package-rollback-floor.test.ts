import { describe, expect, it } from 'vitest';
import { rollbackFloorError } from './package-rollback-floor';

describe('rollbackFloorError', () => {
  it('accepts a version up to the package’s own', () => {
    expect(rollbackFloorError('1.4.0', '1.4.2')).toBeUndefined();
    expect(rollbackFloorError('1.4.2', '1.4.2')).toBeUndefined();
  });

  it('refuses a floor above the package, and anything that is not X.Y.Z', () => {
    expect(rollbackFloorError('1.5.0', '1.4.2')).toMatch(/above the package's own version 1\.4\.2/);
    for (const bad of ['', 'latest', '1.4', 'v1.4.0', '1.4.0\n0.0.1', ' 1.4.0']) {
      expect(rollbackFloorError(bad, '1.4.2'), JSON.stringify(bad)).toMatch(/is not a version/);
    }
  });
});
