import { describe, expect, it } from 'vitest';
import {
  RecoveryController,
  RecoveryPolicy,
  timerScheduler,
  type RecoveryAction,
  type ScheduleTimer,
} from './recovery';

/** A hand-driven clock and one-shot timers, so tests decide when time passes. */
class ManualClock {
  time = 0;
  private timers: { at: number; callback: () => void; isLive: boolean }[] = [];

  readonly now = (): number => this.time;

  readonly schedule: ScheduleTimer = (callback, ms) => {
    const timer = { at: this.time + ms, callback, isLive: true };
    this.timers.push(timer);
    return () => {
      timer.isLive = false;
    };
  };

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.isLive && t.at <= this.time);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const timer of due) {
      timer.isLive = false;
      timer.callback();
    }
  }

  pending(): number {
    return this.timers.filter((t) => t.isLive).length;
  }
}

describe('RecoveryPolicy', () => {
  it('reloads after a crash and relaunches past maxIncidents within the window', () => {
    const clock = new ManualClock();
    const policy = new RecoveryPolicy({ maxIncidents: 2, windowMs: 60_000, now: clock.now });
    expect(policy.onRenderProcessGone('crashed')).toBe('reload');
    clock.advance(1000);
    expect(policy.onHang()).toBe('reload');
    clock.advance(1000);
    expect(policy.onRenderProcessGone('oom')).toBe('relaunch');
  });

  it('forgets incidents older than the window', () => {
    const clock = new ManualClock();
    const policy = new RecoveryPolicy({ maxIncidents: 1, windowMs: 10_000, now: clock.now });
    expect(policy.onRenderProcessGone('killed')).toBe('reload');
    clock.advance(10_001);
    expect(policy.recentIncidents()).toBe(0);
    expect(policy.onRenderProcessGone('killed')).toBe('reload');
  });

  it('ignores a clean exit', () => {
    const policy = new RecoveryPolicy({ maxIncidents: 0, now: () => 0 });
    expect(policy.onRenderProcessGone('clean-exit')).toBe('none');
    expect(policy.recentIncidents()).toBe(0);
  });

  it('defaults to three incidents in five minutes', () => {
    const clock = new ManualClock();
    const policy = new RecoveryPolicy({ now: clock.now });
    const actions: RecoveryAction[] = [];
    for (let i = 0; i < 4; i += 1) {
      actions.push(policy.onRenderProcessGone('crashed'));
      clock.advance(60_000);
    }
    expect(actions).toEqual(['reload', 'reload', 'reload', 'relaunch']);
  });
});

describe('RecoveryController', () => {
  const setup = (maxIncidents = 3) => {
    const clock = new ManualClock();
    const calls: string[] = [];
    const controller = new RecoveryController(
      new RecoveryPolicy({ maxIncidents, now: clock.now }),
      { reload: () => calls.push('reload'), relaunch: () => calls.push('relaunch') },
      clock.schedule,
      10_000,
    );
    return { clock, calls, controller };
  };

  it('reloads a crashed page at once, relaunches when crashes repeat', () => {
    const { calls, controller } = setup(1);
    expect(controller.renderProcessGone('crashed')).toBe('reload');
    expect(controller.renderProcessGone('crashed')).toBe('relaunch');
    expect(controller.renderProcessGone('clean-exit')).toBe('none');
    expect(calls).toEqual(['reload', 'relaunch']);
  });

  it('reloads a page still unresponsive after the grace period', () => {
    const { clock, calls, controller } = setup();
    controller.unresponsive();
    controller.unresponsive();
    clock.advance(9_999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual(['reload']);
    expect(clock.pending()).toBe(0);
  });

  it('forgives a page that answers again within the grace period', () => {
    const { clock, calls, controller } = setup();
    controller.unresponsive();
    clock.advance(5_000);
    controller.responsive();
    clock.advance(60_000);
    expect(calls).toEqual([]);
  });

  it('drops a pending hang check when the page crashes or the window closes', () => {
    const { clock, calls, controller } = setup();
    controller.unresponsive();
    controller.renderProcessGone('crashed');
    controller.unresponsive();
    controller.dispose();
    clock.advance(60_000);
    expect(calls).toEqual(['reload']);
  });
});

describe('timerScheduler', () => {
  it('fires after the delay and can be cancelled', async () => {
    let fired = 0;
    const cancel = timerScheduler(() => (fired += 10), 1);
    cancel();
    await new Promise<void>((resolve) => {
      timerScheduler(() => {
        fired += 1;
        resolve();
      }, 5);
    });
    expect(fired).toBe(1);
  });
});
