import type { z } from 'zod';
import { err, ok, type KioskError, type Result } from '#shared/result';
import {
  EnrolResponseSchema,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '#shared/sync/protocol';
import {
  HeartbeatResponseSchema,
  heartbeatRequest,
  type HeartbeatBody,
  type HeartbeatResponse,
} from '#shared/sync/heartbeat';
import { withNode } from '#shared/sync/hlc';
import {
  LogUploadResponseSchema,
  logUploadRequest,
  type LogFile,
  type LogUploadResponse,
} from '#shared/sync/log-upload';
import type { CredentialStore, HubCredential } from './credential-store';
import type { SyncErrorCode } from '#shared/ipc/codes';
import { createHubTransport, PUSH_PATH, type HubClientStats } from './hub-transport';

export type { HubClientStats } from './hub-transport';

export interface HubClientOptions {
  /** Base URL of the hub, e.g. https://hub.example.org (no trailing path). */
  readonly hubUrl: string;
  readonly kioskId: string;
  /** The one-time code from `npm run hub -- kiosk add`; used only while no credential is stored. */
  readonly enrolmentCode?: string | undefined;
  readonly credentials: CredentialStore;
  /** Per request, including the body upload and the reply. Default 30 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** A push as the renderer hands it over. */
export interface PushInput {
  readonly batch: Mutation[];
  readonly hubEpoch?: string | undefined;
  /** The kiosk database's origin (protocol rule 12). */
  readonly origin?: string | undefined;
}

/** A pull as the renderer hands it over. */
export interface PullInput {
  readonly cursor: number;
  readonly limit: number;
  readonly hubEpoch?: string | undefined;
  /** Skip this kiosk database's own writes (protocol rule 12). */
  readonly origin?: string | undefined;
}

/**
 * Main's side of the hub link (plain Node, no Electron): it alone holds the kiosk credential.
 * Every method resolves with a Result and never rejects; errors carry a stable code (see
 * SYNC_TRANSIENT_ERRORS in shared/ipc/contract.ts) and, in `details`, the hub's own code.
 */
export interface HubClient {
  /** True when a credential is stored (enrolment done). */
  isEnrolled(): Promise<boolean>;
  /**
   * Trades the configured enrolment code for a credential and stores it (0600). Push and pull call
   * it on first use. Errors: enrolment-needed (no code), hub-unauthorized (code unknown, used or
   * expired), hub-refused (409: kiosk id of another space), and the transport errors.
   */
  enrol(): Promise<Result<HubCredential>>;
  push(input: PushInput): Promise<Result<PushResponse>>;
  pull(input: PullInput): Promise<Result<PullResponse>>;
  /**
   * Sends a heartbeat (decision 0029) with the stored credential; never enrols for it (a kiosk
   * not yet enrolled gets `enrolment-needed`). Same transport errors as push and pull.
   */
  heartbeat(body: HeartbeatBody): Promise<Result<HeartbeatResponse>>;
  /**
   * Sends main's log files (decision 0041) with the stored credential, gzipped; never enrols for
   * it. Same errors as the heartbeat, and `hub-too-large` past the hub's limit.
   */
  uploadLogs(files: LogFile[]): Promise<Result<LogUploadResponse>>;
  stats(): HubClientStats;
}

/** Creates the client; nothing is read or sent before the first call. */
export function createHubClient(options: HubClientOptions): HubClient {
  const base = options.hubUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const stats: HubClientStats = { requests: 0, bytesSent: 0, pushBytesSent: 0 };
  const send = createHubTransport({
    base,
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: options.fetch ?? fetch,
    stats,
  });
  let credential: HubCredential | null | undefined;
  let enrolling: Promise<Result<HubCredential>> | null = null;

  async function loadCredential(): Promise<HubCredential | null> {
    if (credential === undefined) {
      const stored = await options.credentials.load();
      // A credential for another hub or kiosk id (config changed) is not ours any more.
      credential =
        stored !== null && stored.hubUrl === base && stored.kioskId === options.kioskId
          ? stored
          : null;
    }
    return credential;
  }

  /**
   * No credential to send: `credential-unreadable` when the store holds one this kiosk cannot read
   * (decision 0043: the key store changed), else `enrolment-needed`.
   */
  function noCredential(message: string): KioskError {
    return options.credentials.problem?.() === 'unreadable'
      ? {
          code: 'credential-unreadable' satisfies SyncErrorCode,
          message: 'The stored hub credential cannot be read: run the setup again with a new code.',
        }
      : { code: 'enrolment-needed' satisfies SyncErrorCode, message };
  }

  async function doEnrol(): Promise<Result<HubCredential>> {
    const code = options.enrolmentCode;
    if (code === undefined || code === '') {
      return err(
        noCredential('This kiosk has no hub credential and no enrolment code in its config.'),
      );
    }
    const reply = await send(
      '/v1/enrol',
      { type: 'enrol', protocolVersion: PROTOCOL_VERSION, code, kioskId: options.kioskId },
      EnrolResponseSchema,
      null,
    );
    if (!reply.ok) return reply;
    const fresh: HubCredential = {
      hubUrl: base,
      kioskId: reply.value.kioskId,
      spaceId: reply.value.spaceId,
      token: reply.value.token,
      hubEpoch: reply.value.hubEpoch,
      enrolledAt: now(),
    };
    try {
      await options.credentials.save(fresh);
    } catch (e) {
      // The hub already replaced any older credential: without the file this kiosk needs a new code.
      return err({
        code: 'credential-store-failed' satisfies SyncErrorCode,
        message: `Enrolled, but the credential could not be stored: ${String(e)}`,
      });
    }
    credential = fresh;
    return ok(fresh);
  }

  function enrol(): Promise<Result<HubCredential>> {
    enrolling ??= doEnrol().finally(() => {
      enrolling = null;
    });
    return enrolling;
  }

  async function token(): Promise<Result<string>> {
    const stored = await loadCredential();
    if (stored !== null) return ok(stored.token);
    const enrolled = await enrol();
    return enrolled.ok ? ok(enrolled.value.token) : enrolled;
  }

  /** Sends with the stored credential, never enrolling for it (`enrolment-needed` without one). */
  async function sendEnrolled<S extends z.ZodType>(
    what: string,
    path: string,
    body: unknown,
    schema: S,
  ): Promise<Result<z.infer<S>>> {
    const stored = await loadCredential();
    if (stored === null) return err(noCredential(`No ${what} before this kiosk is enrolled.`));
    return send(path, body, schema, stored.token);
  }

  return {
    async isEnrolled() {
      return (await loadCredential()) !== null;
    },
    enrol,
    async push(input) {
      const t = await token();
      if (!t.ok) return t;
      const body = {
        type: 'push',
        protocolVersion: PROTOCOL_VERSION,
        kioskId: options.kioskId,
        ...(input.hubEpoch === undefined ? {} : { hubEpoch: input.hubEpoch }),
        ...(input.origin === undefined ? {} : { origin: input.origin }),
        // The hub takes only stamps bearing this kiosk's id (rule 8). The renderer's clock uses
        // it already; entries queued before the kiosk's id changed are re-noded here.
        batch: input.batch.map((m) => {
          const hlc = withNode(m.hlc, options.kioskId);
          return hlc === m.hlc ? m : { ...m, hlc };
        }),
      };
      return send(PUSH_PATH, body, PushResponseSchema, t.value);
    },
    async pull(input) {
      const t = await token();
      if (!t.ok) return t;
      const body = {
        type: 'pull',
        protocolVersion: PROTOCOL_VERSION,
        cursor: input.cursor,
        limit: input.limit,
        ...(input.hubEpoch === undefined ? {} : { hubEpoch: input.hubEpoch }),
        ...(input.origin === undefined ? {} : { origin: input.origin }),
      };
      return send('/v1/sync/pull', body, PullResponseSchema, t.value);
    },
    heartbeat: (body) =>
      sendEnrolled(
        'heartbeat',
        '/v1/heartbeat',
        heartbeatRequest(options.kioskId, body),
        HeartbeatResponseSchema,
      ),
    uploadLogs: (files) =>
      sendEnrolled(
        'log upload',
        '/v1/logs',
        logUploadRequest(options.kioskId, files),
        LogUploadResponseSchema,
      ),
    stats: () => ({ ...stats }),
  };
}
