import type { AddressInfo } from 'node:net';
import type { WindowSpan } from './agenda/feed-import';
import type { FetchLimits } from './agenda/fetch-feed';
import type { AgendaRateLimit } from './agenda/publish-routes';
import type { ConsoleRoutes } from './console-api/contract';
import type { HubLog } from './log';
import type { HubStore } from './store/store';

/*
 * What `createHub` (server.ts) takes and gives: its options, the tunables tests shrink, and the
 * running hub. Apart from the server so each stays one concern; server.ts re-exports them.
 */

/** Tunables; tests shrink them. */
export interface HubLimits {
  /** Request body bytes after gzip decoding. */
  readonly maxBodyBytes: number;
  /** Mutations per push. */
  readonly maxBatch: number;
}

export interface HubOptions {
  readonly store: HubStore;
  readonly log: HubLog;
  /** Hub wall clock (epoch ms); rule 8 clamps kiosk stamps against it. */
  readonly clock?: () => number;
  readonly limits?: Partial<HubLimits>;
  /** TLS: PEM key and certificate; without them the hub speaks plain HTTP (behind a proxy). */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /**
   * Proxies in front of the hub whose X-Forwarded-* headers are believed (addresses or CIDR
   * ranges; hub/http/trust-proxy.ts). Default none: the connection's own address and scheme.
   */
  readonly trustProxy?: readonly string[];
  /**
   * Retention purge and erasure compaction period (hub/sync/retention.ts, compaction.ts): run on
   * `listen`, then every so often, on `clock`. Default HUB_PURGE_INTERVAL_MS; 0 turns the timer
   * off (the CLI `purge` remains).
   */
  readonly purgeIntervalMs?: number;
  /**
   * Pull marks (each kiosk's `pulledThrough`) are written behind the pulls, at most this often
   * (hub/sync/pull-marks.ts); 0 writes each before the pull answers. Default 1 s.
   */
  readonly pullMarkDelayMs?: number;
  /** The built console served at /console/ (default dist/console/; absent: a 503 page there). */
  readonly consoleDir?: string;
  /**
   * Feed imports (hub/agenda/): every feed on `listen`, then every `intervalMs` (default
   * FEED_IMPORT_INTERVAL_MS, hourly; 0 turns the timer off: `feeds import-now` remains), within
   * the fetch `limits`, over the window `span`.
   */
  readonly agenda?: {
    readonly intervalMs?: number;
    readonly limits?: FetchLimits;
    readonly span?: WindowSpan;
    /** Requests per client address on /agenda.ics and /agenda.json (default 60 a minute). */
    readonly rateLimit?: AgendaRateLimit;
  };
  /**
   * The operators' console API under /console/api (hub/console-api/, decision 0026): the route
   * modules to serve after its own (sessions, account, operators, audit; default CONSOLE_ROUTES,
   * every part of the console), and how long a
   * session lasts without a request (default 30 min) and at most (default 12 h), on `clock`.
   */
  readonly console?: {
    readonly routes?: readonly ConsoleRoutes[];
    readonly idleMs?: number;
    readonly absoluteMs?: number;
  };
  /** The folder of release files served at /v1/updates/ (hub/releases/; default ./data/releases). */
  readonly releasesDir?: string;
}

/** A running (or ready to run) hub. */
export interface Hub {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(options: { port: number; host: string }): Promise<AddressInfo>;
  /** Stops accepting, finishes in-flight requests, closes the server (not the store). */
  close(): Promise<void>;
  /** The bound address, once listening. */
  readonly address: AddressInfo | undefined;
}
