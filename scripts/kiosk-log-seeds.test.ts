import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '#shared/demo/demo-data';
import { allSeeds, cardSeeds, findSeeds, sourceSeeds } from './kiosk-log-seeds';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the seeds the kiosk logs are checked for', () => {
  it("hold the demo members and the kiosk specs' people, cards in every form", () => {
    const values = new Set(allSeeds(REPO_ROOT).map((s) => s.value));
    for (const card of DEMO_CARDS) {
      for (const v of [card.memberName, card.canonical, card.dec10, card.w26]) {
        expect(values, v).toContain(v);
      }
    }
    for (const v of [
      'Griselda',
      'Vanderkerckhove',
      'griselda.vdk@example.org',
      '+32 470 12 34 56',
    ]) {
      expect(values, v).toContain(v);
    }
  });

  it('reads names, e-mails, phones and cards from a spec source', () => {
    const source = `const PERSON = { first: 'Ysaline', last: 'Dewinter', email: 'ys@example.be', phone: '+32 4 11', x: 'A' };
      member({ cardIds: ['0A1B2C3D4E'] });`;
    const seeds = sourceSeeds(source, 'e2e/x.spec.ts');
    expect(seeds.map((s) => s.value)).toEqual(
      expect.arrayContaining([
        'Ysaline',
        'Dewinter',
        'ys@example.be',
        '+32 4 11',
        '32411',
        '0A1B2C3D4E',
      ]),
    );
    expect(seeds.map((s) => s.value)).not.toContain('A');
  });

  it('finds a seed in a log and names whose field it is, names as whole words only', () => {
    const card = DEMO_CARDS[0];
    if (card === undefined) throw new Error('no demo card');
    const seeds = [{ value: 'Paul', what: "Paul's name" }, ...cardSeeds(card.canonical, 'a demo')];
    const log = `[info] Pauline paused\n[warn] unknown card ${card.dec10}\n[info] hello Paul.`;
    expect(findSeeds(log, 'main.log', seeds).map((f) => [f.line, f.seed.what])).toEqual([
      [2, `a demo card (${card.canonical}) as dec10`],
      [3, "Paul's name"],
    ]);
  });
});
