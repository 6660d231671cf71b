import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridLogicalClock, compareHlc, parseHlc, withNode } from './hlc';

describe('HybridLogicalClock', () => {
  it('formats fixed-width stamps that parse back', () => {
    const clock = new HybridLogicalClock('demo-kiosk', () => 1_741_595_400_000);
    const stamp = clock.tick();
    expect(stamp).toBe('001741595400000-000000-demo-kiosk');
    expect(parseHlc(stamp)).toEqual({
      ok: true,
      value: { ms: 1_741_595_400_000, counter: 0, node: 'demo-kiosk' },
    });
    expect(clock.tick()).toBe('001741595400000-000001-demo-kiosk');
  });

  it('never goes backwards when the wall clock jumps back', () => {
    let t = 10_000;
    const clock = new HybridLogicalClock('k1', () => t);
    const a = clock.tick();
    t = 5_000;
    const b = clock.tick();
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(parseHlc(b)).toMatchObject({ ok: true, value: { ms: 10_000, counter: 1 } });
    t = 20_000;
    expect(parseHlc(clock.tick())).toMatchObject({ ok: true, value: { ms: 20_000, counter: 0 } });
  });

  it('receive returns a stamp after the remote one and after local ones', () => {
    const clock = new HybridLogicalClock('k1', () => 1000);
    const remote = '000000000005000-000007-hub';
    const r = clock.receive(remote);
    expect(r).toBe('000000000005000-000008-k1');
    expect(compareHlc(remote, r)).toBeLessThan(0);
    expect(compareHlc(r, clock.tick())).toBeLessThan(0);
  });

  it('borrows the next millisecond when the counter is exhausted', () => {
    const clock = new HybridLogicalClock('k1', () => 1000);
    const r = clock.receive('000000000001000-999999-hub');
    expect(r).toBe('000000000001001-000000-k1');
  });

  it('rejects malformed stamps and node ids', () => {
    for (const bad of ['', '1000-0-k1', '000000000001000-000000-', '000000000001000-000000-a b']) {
      expect(parseHlc(bad)).toMatchObject({ ok: false, error: { code: 'hlc-malformed' } });
    }
    const clock = new HybridLogicalClock('k1', () => 0);
    expect(() => clock.receive('garbage')).toThrow(RangeError);
    expect(() => new HybridLogicalClock('', () => 0)).toThrow(RangeError);
    expect(() => new HybridLogicalClock('a b', () => 0)).toThrow(RangeError);
  });

  it('survives a wall clock that returns NaN or negative values', () => {
    let t = Number.NaN;
    const clock = new HybridLogicalClock('k1', () => t);
    const a = clock.tick();
    t = -50;
    expect(compareHlc(a, clock.tick())).toBeLessThan(0);
  });

  it('issues strictly increasing stamps whatever the wall clock and remote stamps do', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), wall: fc.integer({ min: 0, max: 1e7 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        wall: fc.integer({ min: 0, max: 1e7 }),
        ms: fc.integer({ min: 0, max: 1e7 }),
        counter: fc.integer({ min: 0, max: 999_999 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 50 }), (steps) => {
        let wall = 0;
        const clock = new HybridLogicalClock('k1', () => wall);
        let previous = '';
        for (const s of steps) {
          wall = s.wall;
          let stamp: string;
          if (s.kind === 'tick') {
            stamp = clock.tick();
          } else {
            const remote = `${String(s.ms).padStart(15, '0')}-${String(s.counter).padStart(6, '0')}-zz`;
            stamp = clock.receive(remote);
            expect(compareHlc(remote, stamp)).toBeLessThan(0);
          }
          expect(compareHlc(previous, stamp)).toBeLessThan(0);
          expect(parseHlc(stamp).ok).toBe(true);
          const parsed = parseHlc(stamp);
          if (parsed.ok) expect(parsed.value.ms).toBeGreaterThanOrEqual(wall);
          previous = stamp;
        }
      }),
    );
  });

  it('string order agrees with (ms, counter, node) order', () => {
    const hlc = fc.record({
      ms: fc.integer({ min: 0, max: 1e14 }),
      counter: fc.integer({ min: 0, max: 999_999 }),
      node: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
    });
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const fmt = (h: typeof a) =>
          `${String(h.ms).padStart(15, '0')}-${String(h.counter).padStart(6, '0')}-${h.node}`;
        const tuple = Math.sign(a.ms - b.ms) || Math.sign(a.counter - b.counter);
        const byString = Math.sign(compareHlc(fmt(a), fmt(b)));
        if (tuple !== 0) expect(byString).toBe(tuple);
        else expect(byString).toBe(Math.sign(compareHlc(a.node, b.node)));
      }),
    );
  });
});

describe('withNode', () => {
  it("replaces the node and keeps time and counter, so the node's own order holds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 ** 13 }), { minLength: 2, maxLength: 20 }),
        (walls) => {
          let i = 0;
          const clock = new HybridLogicalClock('old-id', () => walls[i++ % walls.length] ?? 0);
          const stamps = walls.map(() => clock.tick());
          const moved = stamps.map((s) => withNode(s, 'new-id'));
          expect([...moved].sort(compareHlc)).toEqual(moved);
          for (const [k, s] of moved.entries()) {
            const before = parseHlc(stamps[k] ?? '');
            expect(parseHlc(s)).toEqual({
              ok: true,
              value: { ...(before.ok ? before.value : {}), node: 'new-id' },
            });
          }
        },
      ),
    );
  });

  it('leaves a malformed stamp, or a stamp already bearing the node, unchanged', () => {
    expect(withNode('nope', 'k1')).toBe('nope');
    expect(withNode('001741595400000-000000-k1', 'k1')).toBe('001741595400000-000000-k1');
    expect(withNode('001741595400000-000000-k1', 'not valid')).toBe('001741595400000-000000-k1');
  });
});
