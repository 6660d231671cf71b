import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const notes = new URL('../../shared/hardware/card-vectors.json', import.meta.url);
const copy = new URL('../test/fixtures/card-vectors.json', import.meta.url);

describe('test fixtures', () => {
  it.runIf(existsSync(notes))('card vectors equal the team notes', () => {
    expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual(JSON.parse(readFileSync(notes, 'utf8')));
  });

  it('card vectors are present in the repository', () => {
    expect(existsSync(copy)).toBe(true);
  });
});
