import { gzipSync } from 'node:zlib';
import { addKiosk } from '../admin/admin';
import { memoryLog } from '../log';
import { createHub, type Hub, type HubOptions } from '../server';
import type { HubStore } from '../store/store';

/** A hub on 127.0.0.1 port 0 over `store`, with a memory log. Close it with `hub.close()`. */
export async function startTestHub(
  store: HubStore,
  options: Partial<Omit<HubOptions, 'store'>> = {},
): Promise<{ hub: Hub; url: string }> {
  const hub = createHub({ store, log: memoryLog(), ...options });
  const addr = await hub.listen({ port: 0, host: '127.0.0.1' });
  return { hub, url: `http://127.0.0.1:${addr.port}` };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface PostOptions {
  readonly token?: string;
  readonly gzip?: boolean;
  /** Sent as is instead of JSON-encoding `body`. */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
}

/** POSTs JSON (optionally gzipped) and parses the JSON reply. */
export async function post(url: string, body: unknown, options: PostOptions = {}): Promise<Reply> {
  const text = options.raw ?? JSON.stringify(body);
  const payload = options.gzip ? new Uint8Array(gzipSync(text)) : new Uint8Array(Buffer.from(text));
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: payload,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
}

/** Creates an enrolment code for `spaceId` and trades it for a credential over HTTP. */
export async function enrolKiosk(
  store: HubStore,
  url: string,
  spaceId: string,
  kioskId: string,
): Promise<string> {
  const { code } = await addKiosk(store, spaceId, Date.now());
  const reply = await post(`${url}/v1/enrol`, { type: 'enrol', protocolVersion: 1, code, kioskId });
  if (reply.status !== 200 || typeof reply.body['token'] !== 'string') {
    throw new Error(`enrolment failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body['token'];
}
