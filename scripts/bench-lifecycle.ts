/** What a benchmark started and must stop: each `add`ed stop runs once, the last added first. */
export interface Teardown {
  /** Registers `stop` (a server, a browser, a child process, a temp folder) right after starting it. */
  add(stop: () => Promise<void> | void): void;
}

/** Exit codes of a process ended by a signal, as a shell reports them (128 + the number). */
const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs a benchmark's `main`, then stops everything it registered with the teardown, in reverse
 * order, on every way out: `main` resolving (the process then ends by itself), `main` rejecting
 * (the error is printed, exit 1) and SIGINT or SIGTERM (exit 130 or 143 once stopped). So a failed
 * or interrupted run leaves no server, browser or child process behind to hold a port or a file.
 * A stop that fails is printed and the others still run (the exit code is then 1).
 */
export async function runBench(main: (teardown: Teardown) => Promise<void>): Promise<void> {
  const stops: (() => Promise<void> | void)[] = [];
  let failed = false;
  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const stop of stops.splice(0).reverse()) {
        try {
          await stop();
        } catch (e) {
          failed = true;
          console.error('while stopping what the benchmark started:', e);
        }
      }
    })());
  // An object, not a `let`: set by the handler, which the compiler's narrowing cannot see.
  const received = { signal: false };
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    received.signal = true;
    console.error(`${signal}: stopping what the benchmark started`);
    void stopAll().finally(() => process.exit(SIGNAL_EXIT[signal]));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await main({
      add(stop) {
        stops.push(stop);
      },
    });
  } catch (e) {
    failed = true;
    // After a signal, main fails because its browser or server was stopped under it: no news.
    if (!received.signal) console.error(e);
  }
  await stopAll();
  // A signal's exit code is set by its handler, whatever main did meanwhile.
  if (received.signal) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Forced: a handle nobody registered must not keep a failed run alive.
  if (failed) process.exit(1);
}
