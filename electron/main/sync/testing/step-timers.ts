import type { SchedulerTimers } from '../scheduler';

/** Timers fired by hand, on a clock of their own: `fire(ms)` runs every timer due within `ms`. */
export class StepTimers implements SchedulerTimers {
  now = Date.UTC(2025, 2, 10, 12, 0, 0);
  private pending: { at: number; run: () => void }[] = [];
  set(run: () => void, ms: number): () => void {
    const t = { at: this.now + ms, run };
    this.pending.push(t);
    return () => {
      this.pending = this.pending.filter((p) => p !== t);
    };
  }
  fire(ms: number): void {
    this.now += ms;
    const due = this.pending.filter((p) => p.at <= this.now);
    this.pending = this.pending.filter((p) => p.at > this.now);
    for (const t of due) t.run();
  }
}
