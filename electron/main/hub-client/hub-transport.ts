import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { z } from 'zod';
import { err, ok, type KioskError, type Result } from '#shared/result';
import { ErrorResponseSchema } from '#shared/sync/protocol';
import type { SyncErrorCode } from '#shared/ipc/codes';

const gzipAsync = promisify(gzip);

export const PUSH_PATH = '/v1/sync/push';

/** Bodies below this go uncompressed: gzip's header would cost more than it saves. */
const MIN_GZIP_BYTES = 512;

/** Wire counters, for the benchmark and the logs. */
export interface HubClientStats {
  requests: number;
  /** Request body bytes as sent (after gzip). */
  bytesSent: number;
  /** The part of bytesSent that carried pushes (a sum that stays right when calls overlap). */
  pushBytesSent: number;
}

export interface HubTransportOptions {
  /** Base URL of the hub without a trailing slash. */
  readonly base: string;
  /** Per request, including the body upload and the reply. */
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  /** The counters each request adds to. */
  readonly stats: HubClientStats;
}

/**
 * POSTs `body` as JSON (gzipped from MIN_GZIP_BYTES) to `path`, with `token` as bearer when not
 * null, and checks the reply against `schema`. Resolves with a Result and never rejects.
 */
export type HubSend = <S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  token: string | null,
) => Promise<Result<z.infer<S>>>;

function hubError(status: number, body: unknown): KioskError {
  const parsed = ErrorResponseSchema.safeParse(body);
  const hubCode = parsed.success ? parsed.data.code : `http-${status}`;
  const hubMessage = parsed.success ? parsed.data.message : `HTTP ${status}`;
  const details = [hubCode, ...(parsed.success ? (parsed.data.details ?? []) : [])];
  if (status === 401 || status === 403) {
    return {
      code: 'hub-unauthorized' satisfies SyncErrorCode,
      message: `The hub refused this kiosk: ${hubMessage}`,
      details,
    };
  }
  if (status === 413)
    return { code: 'hub-too-large' satisfies SyncErrorCode, message: hubMessage, details };
  if (status === 409 && hubCode === 'epoch-mismatch') {
    // The hub's database is another one than the kiosk pulled from: the engine pulls (which
    // resets its cursor) and pushes again.
    return { code: 'hub-epoch-changed' satisfies SyncErrorCode, message: hubMessage, details };
  }
  if (status === 426)
    return { code: 'kiosk-too-old' satisfies SyncErrorCode, message: hubMessage, details };
  if (status >= 500) {
    return {
      code: 'hub-unavailable' satisfies SyncErrorCode,
      message: `The hub failed (${status}).`,
      details,
    };
  }
  return { code: 'hub-refused' satisfies SyncErrorCode, message: hubMessage, details };
}

/** The hub client's wire: one POST per call, errors mapped to stable codes. */
export function createHubTransport(options: HubTransportOptions): HubSend {
  const { base, timeoutMs, stats } = options;
  const doFetch = options.fetch;

  return async function send<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    token: string | null,
  ): Promise<Result<z.infer<S>>> {
    const json = Buffer.from(JSON.stringify(body));
    const zipped = json.length >= MIN_GZIP_BYTES;
    const payload = zipped ? await gzipAsync(json) : json;
    stats.requests += 1;
    stats.bytesSent += payload.length;
    if (path === PUSH_PATH) stats.pushBytesSent += payload.length;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
          ...(zipped ? { 'content-encoding': 'gzip' } : {}),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: new Uint8Array(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The timeout covers the reply body too: a hub that stalls mid-reply is a timeout.
      text = await res.text();
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return err({
          code: 'hub-timeout' satisfies SyncErrorCode,
          message: `The hub did not answer within ${timeoutMs} ms.`,
        });
      }
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
      return err({
        code: 'hub-network' satisfies SyncErrorCode,
        message: `Cannot reach the hub: ${cause}`,
      });
    }
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(text);
    } catch {
      parsedBody = undefined;
    }
    if (!res.ok) return err(hubError(res.status, parsedBody));
    const parsed = schema.safeParse(parsedBody);
    if (!parsed.success) {
      return err({
        code: 'hub-bad-reply' satisfies SyncErrorCode,
        message: `The hub's reply to ${path} does not follow the sync protocol.`,
        details: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    return ok(parsed.data);
  };
}
