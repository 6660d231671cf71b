import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { z } from 'zod';
import {
  EnrolResponseSchema,
  ErrorResponseSchema,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  type EnrolResponse,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '#shared/sync/protocol';

const gzipAsync = promisify(gzip);

/** Attempts per call: a 500 (`internal`: nothing acknowledged) or a dropped connection is retried. */
const ATTEMPTS = 5;
const BACKOFF_MS = 200;

/** A refusal by the hub: its HTTP status and the error body's `code` (docs/sync-protocol.md). */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'HubRefusal';
  }
}

/** What one client sent and how often it had to try again, for the bench's report. */
export interface ClientStats {
  requests: number;
  retries: number;
  /** Request bytes on the wire (after gzip). */
  bytesSent: number;
}

/**
 * A sync client written against docs/sync-protocol.md alone: JSON over HTTP, push bodies gzipped,
 * replies checked against the protocol's schemas. One per kiosk (it holds the kiosk's token).
 */
export class ProtocolClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, bytesSent: 0 };
  private token: string | null = null;

  constructor(private readonly hubUrl: string) {}

  /**
   * `POST /v1/enrol` with a one-time code; keeps the credential for later calls. Rejects with
   * HubRefusal (401 `enrolment-invalid`, 409 `kiosk-other-space`, …) or on a reply of another shape.
   */
  async enrol(code: string, kioskId: string): Promise<EnrolResponse> {
    const reply = await this.post(
      '/v1/enrol',
      { type: 'enrol', protocolVersion: PROTOCOL_VERSION, code, kioskId },
      EnrolResponseSchema,
    );
    this.token = reply.token;
    return reply;
  }

  /** `POST /v1/sync/push`, gzipped. Rejects with HubRefusal (e.g. 409 `epoch-mismatch`). */
  push(request: Omit<PushRequest, 'type' | 'protocolVersion'>): Promise<PushResponse> {
    return this.post(
      '/v1/sync/push',
      { type: 'push', protocolVersion: PROTOCOL_VERSION, ...request },
      PushResponseSchema,
    );
  }

  /** `POST /v1/sync/pull`; the reply arrives gzipped (fetch asks for it and inflates it). */
  pull(request: Omit<PullRequest, 'type' | 'protocolVersion'>): Promise<PullResponse> {
    return this.post(
      '/v1/sync/pull',
      { type: 'pull', protocolVersion: PROTOCOL_VERSION, ...request },
      PullResponseSchema,
    );
  }

  private async post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.infer<S>> {
    const bytes = await gzipAsync(JSON.stringify(body));
    for (let attempt = 1; ; attempt++) {
      this.stats.requests++;
      this.stats.bytesSent += bytes.length;
      let status: number;
      let json: unknown;
      try {
        const res = await fetch(`${this.hubUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            ...(this.token === null ? {} : { authorization: `Bearer ${this.token}` }),
          },
          body: new Uint8Array(bytes),
        });
        status = res.status;
        json = await res.json();
      } catch (e) {
        // A dropped connection: the hub answers only after committing, so a retry is safe
        // (the same mutation ids get the same verdicts, rule 1).
        if (attempt >= ATTEMPTS) throw e;
        await this.backoff(attempt);
        continue;
      }
      if (status === 200) return schema.parse(json);
      const error = ErrorResponseSchema.safeParse(json);
      const code = error.success ? error.data.code : 'unreadable';
      if (status === 500 && attempt < ATTEMPTS) {
        await this.backoff(attempt);
        continue;
      }
      throw new HubRefusal(status, code, error.success ? error.data.message : JSON.stringify(json));
    }
  }

  private async backoff(attempt: number): Promise<void> {
    this.stats.retries++;
    await new Promise((r) => setTimeout(r, BACKOFF_MS * 2 ** (attempt - 1)));
  }
}
