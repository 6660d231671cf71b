import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A request as the proxy received it; bodies stay as sent (gzipped or not). */
interface Forwarded {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A loopback HTTP proxy between a kiosk's hub client and the hub, to inject the faults of
 * the sync's failure table (docs/architecture.md). It forwards every request unchanged; for pushes (`/v1/sync/push`) it can:
 * - `dropPushReplies(n)`: for the next n pushes, wait until the hub has answered (so it has
 *   committed) and then cut the kiosk's connection: the reply is lost after the commit;
 * - `duplicatePushes(true)`: deliver each push 2–5 times, the extra copies at random delays of up
 *   to `maxDelayMs`, so they reach the hub after later batches (out of order); the kiosk gets the
 *   reply of the first copy only.
 */
export interface FaultProxy {
  readonly url: string;
  /** Push requests that reached the hub, copies included. */
  readonly pushesDelivered: number;
  /** Push replies the proxy cut after the hub answered. */
  readonly repliesDropped: number;
  dropPushReplies(count: number): void;
  duplicatePushes(on: boolean, maxDelayMs?: number): void;
  /** Resolves when every delayed copy has been delivered and answered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 port 0 in front of `target` (the hub's base URL). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let toDrop = 0;
  let duplicate = false;
  let maxDelay = 400;
  let delivered = 0;
  let dropped = 0;
  const outstanding = new Set<Promise<unknown>>();

  function forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<Forwarded> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: upstream.hostname,
          port: Number(upstream.port),
          method,
          path,
          headers: { ...headers, host: upstream.host, connection: 'close' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        const isPush = path.startsWith('/v1/sync/push');
        try {
          if (isPush && duplicate) {
            const copies = 1 + Math.floor(Math.random() * 4);
            for (let i = 0; i < copies; i++) {
              const delay = Math.random() * maxDelay;
              const copy = new Promise((r) => setTimeout(r, delay))
                .then(() => forward(method, path, req.headers, body))
                .then(() => {
                  delivered += 1;
                })
                // A copy the hub refuses or cannot take is still a delivery attempt, not a failure.
                .catch(() => undefined);
              outstanding.add(copy);
              void copy.finally(() => outstanding.delete(copy));
            }
          }
          const reply = await forward(method, path, req.headers, body);
          if (isPush) delivered += 1;
          if (isPush && toDrop > 0) {
            toDrop -= 1;
            dropped += 1;
            req.socket.destroy();
            return;
          }
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        } catch {
          req.socket.destroy();
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('proxy has no TCP address');

  return {
    url: `http://127.0.0.1:${addr.port}`,
    get pushesDelivered() {
      return delivered;
    },
    get repliesDropped() {
      return dropped;
    },
    dropPushReplies(count) {
      toDrop = count;
    },
    duplicatePushes(on, maxDelayMs = 400) {
      duplicate = on;
      maxDelay = maxDelayMs;
    },
    async settle() {
      while (outstanding.size > 0) await Promise.all([...outstanding]);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
