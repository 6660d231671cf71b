import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Where the CPU went during a run, from Linux's /proc: this process (the simulated kiosks), the
 * hub processes, the PostgreSQL cluster and the whole machine (which includes other people's
 * work on a shared machine). Figures are CPU seconds; on another OS every reading is null.
 */

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux's usual builds). */
const TICKS = 100;

/** Fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime (+ cutime + cstime: reaped children, e.g. PostgreSQL's ended backends). */
function ticksOf(fields: readonly string[], withChildren: boolean): number {
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  const n = (i: number): number => Number(fields[i] ?? 0);
  return n(11) + n(12) + (withChildren ? n(13) + n(14) : 0);
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds used so far by process `pid` (null when it is gone or /proc is absent). */
export function processCpuS(pid: number): number | null {
  const fields = statFields(pid);
  return fields === null ? null : ticksOf(fields, false) / TICKS;
}

/**
 * The postmaster listening on `port` (found by its command line), or null. Its backends are its
 * children; their CPU is counted by clusterCpuS.
 */
export function postmasterOn(port: string): number | null {
  for (const pid of pids()) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (
        args[0]?.endsWith('postgres') &&
        args.includes('-p') &&
        args[args.indexOf('-p') + 1] === port
      ) {
        return pid;
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}

/** CPU seconds of a PostgreSQL cluster: the postmaster, its live and its ended backends. */
export function clusterCpuS(postmaster: number): number | null {
  const own = statFields(postmaster);
  if (own === null) return null;
  let ticks = ticksOf(own, true);
  for (const pid of pids()) {
    const fields = statFields(pid);
    if (fields !== null && Number(fields[1]) === postmaster) ticks += ticksOf(fields, false);
  }
  return ticks / TICKS;
}

/** Busy CPU seconds of the whole machine (every core, every process) so far, or null. */
export function machineBusyS(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy =
      n.reduce((s, v) => s + v, 0) - (n[3] ?? 0) - (n[4] ?? 0) - (n[8] ?? 0) - (n[9] ?? 0);
    return busy / TICKS;
  } catch {
    return null;
  }
}

/** This machine's 1-minute load average (other work included). */
export function loadAverage(): number | null {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** CPU seconds spent by each part during a stretch of wall time (null: not measurable here). */
export interface CpuReport {
  readonly kiosksS: number;
  readonly hubsS: number | null;
  readonly postgresS: number | null;
  readonly machineS: number | null;
  readonly loadBefore: number | null;
  readonly loadAfter: number | null;
  /** One line: each part's seconds and its share of the machine's capacity over the stretch. */
  readonly summary: string;
}

const sum = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);

/**
 * Starts measuring now: this process, the hub processes `hubPids`, and (when `postgresPort` is
 * given) the PostgreSQL cluster on that port. `stop(wallS)` reads them again and reports.
 */
export function cpuProbe(
  hubPids: readonly number[],
  postgresPort: string | null,
): { stop(wallS: number): CpuReport } {
  const cores = availableParallelism();
  const postmaster = postgresPort === null ? null : postmasterOn(postgresPort);
  const read = () => ({
    kiosks: process.cpuUsage(),
    hubs: sum(hubPids.map(processCpuS)),
    postgres: postmaster === null ? null : clusterCpuS(postmaster),
    machine: machineBusyS(),
  });
  const before = read();
  const loadBefore = loadAverage();
  return {
    stop(wallS) {
      const after = read();
      const delta = (a: number | null, b: number | null): number | null =>
        a === null || b === null ? null : a - b;
      const used = process.cpuUsage(before.kiosks);
      const report = {
        kiosksS: (used.user + used.system) / 1e6,
        hubsS: delta(after.hubs, before.hubs),
        postgresS: delta(after.postgres, before.postgres),
        machineS: delta(after.machine, before.machine),
        loadBefore,
        loadAfter: loadAverage(),
      };
      const part = (label: string, s: number | null): string =>
        s === null
          ? `${label} n/a`
          : `${label} ${s.toFixed(1)} s (${((100 * s) / (wallS * cores)).toFixed(0)} %)`;
      const others =
        report.machineS === null
          ? null
          : report.machineS - report.kiosksS - (report.hubsS ?? 0) - (report.postgresS ?? 0);
      return {
        ...report,
        summary:
          [
            part('kiosks', report.kiosksS),
            part('hubs', report.hubsS),
            ...(postgresPort === null ? [] : [part('postgres', report.postgresS)]),
            part('other processes', others),
          ].join(', ') +
          ` of ${cores} cores × ${wallS.toFixed(1)} s; load ${String(report.loadBefore)} → ${String(report.loadAfter)}`,
      };
    },
  };
}
