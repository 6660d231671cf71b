import { readFileSync } from 'node:fs';
import { fetchLimitsFromEnv } from './agenda/fetch-feed';
import type { CliIo, Serving } from './cli';
import { DEFAULT_IDLE_MS } from './console-api/sessions';
import { parseTrustProxy } from './http/trust-proxy';
import { jsonLog } from './log';
import { releasesDirFor } from './releases/release-file';
import { createHub } from './server';
import { openStoreOrSay } from './open-store-or-say';

/** The command line's options that serving reads (hub/cli.ts parses them). */
export interface ServeOptions {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  readonly 'tls-key'?: string | undefined;
  readonly 'tls-cert'?: string | undefined;
  readonly 'releases-dir'?: string | undefined;
}

/**
 * `npm run hub` without a command: checks the options and the environment (HUB_PORT, HUB_HOST,
 * HUB_TLS_KEY/CERT, HUB_FEED_INTERVAL_MINUTES, HUB_CONSOLE_IDLE_SECONDS, HUB_TRUST_PROXY,
 * HUB_RELEASES_DIR), opens the store and listens. Resolves with a Serving once it listens, or an
 * exit code: 2 for a bad option (`usage` says it), 1 when the database or the port cannot be had.
 */
export async function serve(
  values: ServeOptions,
  dbUrl: string,
  io: CliIo,
  usage: (message: string) => number,
): Promise<number | Serving> {
  const port = Number(values.port ?? io.env['HUB_PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`Bad port: ${String(values.port)}`);
  const host = values.host ?? io.env['HUB_HOST'] ?? '127.0.0.1';
  const keyFile = values['tls-key'] ?? io.env['HUB_TLS_KEY'];
  const certFile = values['tls-cert'] ?? io.env['HUB_TLS_CERT'];
  if ((keyFile === undefined) !== (certFile === undefined))
    return usage('TLS needs both --tls-key and --tls-cert');
  const feedMinutes = Number(io.env['HUB_FEED_INTERVAL_MINUTES'] ?? 60);
  if (!Number.isFinite(feedMinutes) || feedMinutes < 0) {
    return usage('HUB_FEED_INTERVAL_MINUTES must be a number of minutes, 0 or more');
  }
  const idleSeconds = Number(io.env['HUB_CONSOLE_IDLE_SECONDS'] ?? DEFAULT_IDLE_MS / 1000);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0) {
    return usage('HUB_CONSOLE_IDLE_SECONDS must be a number of seconds, above 0');
  }
  const proxies =
    io.env['HUB_TRUST_PROXY'] === undefined
      ? undefined
      : parseTrustProxy(io.env['HUB_TRUST_PROXY']);
  if (proxies?.ok === false) return usage(proxies.error.message);
  const store = await openStoreOrSay(dbUrl, io);
  if (store === null) return 1;
  const tls =
    keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : undefined;
  const hub = createHub({
    store,
    log: jsonLog({
      write: (line) => {
        io.err(line.trimEnd());
      },
    }),
    ...(tls ? { tls } : {}),
    ...(proxies?.ok ? { trustProxy: proxies.value } : {}),
    agenda: { intervalMs: feedMinutes * 60_000, limits: fetchLimitsFromEnv(io.env) },
    console: { idleMs: idleSeconds * 1000 },
    releasesDir: releasesDirFor(dbUrl, values['releases-dir'] ?? io.env['HUB_RELEASES_DIR']),
  });
  try {
    const addr = await hub.listen({ port, host });
    const scheme = tls ? 'https' : 'http';
    const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    io.out(
      JSON.stringify({
        event: 'listening',
        url: `${scheme}://${shownHost}:${addr.port}`,
        port: addr.port,
        store: store.kind,
      }),
    );
  } catch (e) {
    io.err(`Cannot listen on ${host}:${port}: ${(e as Error).message}`);
    await store.close();
    return 1;
  }
  return {
    async stop() {
      await hub.close();
      await store.close();
    },
  };
}
