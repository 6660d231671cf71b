import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '#shared/demo/demo-data';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README demo cards', () => {
  it('lists every demo card with the forms the demo data really has', () => {
    for (const card of DEMO_CARDS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${card.memberName}`));
      expect(row, `README row for ${card.memberName}`).toBeDefined();
      expect(row).toContain(`\`${card.canonical}\``);
      expect(row).toContain(`\`${card.dec10}\``);
      expect(row).toContain(`\`${card.w26}\``);
    }
  });
});
