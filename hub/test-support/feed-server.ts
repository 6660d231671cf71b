import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FETCH_LIMITS, type FetchLimits } from '../agenda/fetch-feed';

/**
 * The fetch limits of a hub whose feeds are this server's (on 127.0.0.1, which a hub refuses by
 * default: fetch-feed.ts), as a hub run with HUB_FEEDS_ALLOW_PRIVATE=1 has them.
 */
export const LOCAL_FETCH_LIMITS: FetchLimits = { ...DEFAULT_FETCH_LIMITS, allowPrivate: true };

/** What a route answers; `hang` never answers (a timeout), `chunks` streams without a length. */
export type FeedAnswer =
  | {
      readonly status?: number;
      readonly body?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly hang: true }
  | { readonly chunks: number; readonly chunkBytes: number };

/** A request the server received: path and the headers a conditional GET sends. */
export interface SeenRequest {
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
}

/** A real HTTP server on 127.0.0.1 port 0 serving feeds to the hub under test. */
export interface FeedServer {
  readonly url: string;
  /** Sets what `path` answers from now on (a function sees the request). */
  route(path: string, answer: FeedAnswer | ((req: IncomingMessage) => FeedAnswer)): void;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

function answer(res: ServerResponse, a: FeedAnswer): void {
  if ('hang' in a) return;
  if ('chunks' in a) {
    res.writeHead(200, { 'content-type': 'text/calendar' });
    const chunk = 'X'.repeat(a.chunkBytes);
    let left = a.chunks;
    const more = () => {
      while (left > 0) {
        left -= 1;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      res.end();
    };
    more();
    return;
  }
  res.writeHead(a.status ?? 200, { 'content-type': 'text/calendar', ...a.headers });
  res.end(a.body ?? '');
}

/**
 * Starts a feed server: unknown paths answer 404. Hanging requests are destroyed on close.
 * Rejects when it cannot listen.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedAnswer | ((req: IncomingMessage) => FeedAnswer)>();
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({
      path,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
      return;
    }
    answer(res, typeof route === 'function' ? route(req) : route);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    route: (path, a) => {
      routes.set(path, a);
    },
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
