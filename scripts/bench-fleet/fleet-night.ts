import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FleetKiosk } from './fleet-kiosk';

/** How the kiosks' night is spread out. */
export interface NightSchedule {
  /** Each kiosk starts at a random moment in [0, windowMs). */
  readonly windowMs: number;
  /** Syncs per kiosk, each with its next share of the records written just before it. */
  readonly rounds: number;
  /** Time between a kiosk's syncs (from one start to the next). */
  readonly gapMs: number;
}

/** When things happened, in seconds from the night's start. */
export interface NightTimes {
  /** The last kiosk's last push acknowledged. */
  readonly pushedS: number;
  /** Every kiosk pulled to the head after that: the whole night. */
  readonly totalS: number;
  /** The part of totalS the schedule alone takes (the last start plus its gaps). */
  readonly scheduledS: number;
  /** Slowest sync of any kiosk, in seconds. */
  readonly slowestSyncS: number;
}

/** The i-th of `parts` nearly equal slices of `items`. */
function slice<T>(items: readonly T[], i: number, parts: number): readonly T[] {
  const size = Math.ceil(items.length / parts);
  return items.slice(i * size, (i + 1) * size);
}

/**
 * The night: each kiosk starts at a jittered moment, then `rounds` times writes its next share of
 * records and syncs (pull, then push); once every kiosk has pushed everything, each pulls to the
 * head one last time, so it holds what its space's other kiosks wrote. Rejects on the first sync
 * that fails (the bench then stops everything it started).
 */
export async function runNight(
  kiosks: readonly FleetKiosk[],
  schedule: NightSchedule,
): Promise<NightTimes> {
  const started = performance.now();
  const since = (): number => (performance.now() - started) / 1000;
  let slowest = 0;
  const timedSync = async (kiosk: FleetKiosk): Promise<void> => {
    const t = performance.now();
    await kiosk.sync();
    slowest = Math.max(slowest, (performance.now() - t) / 1000);
  };
  const offsets = kiosks.map(() => Math.random() * schedule.windowMs);
  await Promise.all(
    kiosks.map(async (kiosk, k) => {
      const start = offsets[k] ?? 0;
      for (let round = 0; round < schedule.rounds; round++) {
        const due = start + round * schedule.gapMs - (performance.now() - started);
        if (due > 0) await sleep(due);
        kiosk.write(slice(kiosk.plan.records, round, schedule.rounds));
        await timedSync(kiosk);
      }
    }),
  );
  const pushedS = since();
  await Promise.all(kiosks.map((k) => timedSync(k)));
  return {
    pushedS,
    totalS: since(),
    scheduledS: (Math.max(...offsets) + (schedule.rounds - 1) * schedule.gapMs) / 1000,
    slowestSyncS: slowest,
  };
}
