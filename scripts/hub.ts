/**
 * `npm run hub -- …`: the hub's command line (hub/cli.ts has the commands). Serves until SIGINT or
 * SIGTERM, then closes the server and the database; admin commands exit with their status.
 */
import { runCli } from '#hub/cli';

const result = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  now: Date.now,
});

if (typeof result === 'number') {
  process.exitCode = result;
} else {
  const stop = () => {
    result.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
