import { z } from 'zod';
import { err, ok, type KioskError, type Result } from '#shared/result';
import type { SetupErrorCode, SetupSpace } from '#shared/ipc/setup';
import { SpaceSchema } from '#shared/sync/protocol-records';
import type { HubClient } from '../hub-client/hub-client';

/**
 * The hub's side of setup, over HTTP with the kiosk's own hub client: is this address a hub,
 * trade the one-time code for a credential, list the hub's spaces from a pull. Each failure is
 * one of the setup's codes (shared/ipc/setup.ts), with the hub's own code in `details`.
 */

const HealthSchema = z.object({ status: z.literal('ok'), hubEpoch: z.string().min(1) });

/** At most this many pull pages are read for the spaces (a big hub has a few thousand records). */
const MAX_PAGES = 40;
const PAGE = 500;

function fail(code: SetupErrorCode, message: string, details?: readonly string[]): KioskError {
  return { code, message, ...(details === undefined ? {} : { details }) };
}

/** Maps the hub client's error codes to the setup's. */
export function setupError(error: KioskError): KioskError {
  const hubCode = error.details?.[0];
  const details = error.details ?? [];
  switch (error.code) {
    case 'hub-network':
    case 'hub-timeout':
    case 'hub-unavailable':
      return fail('setup-hub-unreachable', error.message, details);
    case 'hub-unauthorized':
      return hubCode === 'kiosk-revoked'
        ? fail('setup-kiosk-revoked', error.message, details)
        : fail('setup-code-wrong', error.message, details);
    case 'hub-refused':
      return hubCode === 'kiosk-other-space'
        ? fail('setup-kiosk-other-space', error.message, details)
        : fail('setup-failed', error.message, details);
    case 'credential-store-failed':
      return fail('setup-write-failed', error.message, details);
    default:
      return fail('setup-failed', error.message, [error.code, ...details]);
  }
}

/** Normalises a hub address: no trailing slash (the credential is keyed by it). */
export function normaliseHubUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * GET `<hub>/health`: ok when a COFFEE hub answers. Never rejects.
 */
export async function checkHub(
  hubUrl: string,
  opts: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<Result<{ hubUrl: string }>> {
  const base = normaliseHubUrl(hubUrl);
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  let body: unknown;
  try {
    res = await doFetch(`${base}/health`, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    if (res.status >= 500) {
      return err(fail('setup-hub-unreachable', `The hub failed (${res.status}).`));
    }
    body = await res.json().catch(() => undefined);
  } catch (e) {
    const reason = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    return err(fail('setup-hub-unreachable', `Cannot reach ${base}: ${reason}`));
  }
  if (!res.ok || !HealthSchema.safeParse(body).success) {
    return err(fail('setup-not-a-hub', `${base} does not answer as a COFFEE hub.`));
  }
  return ok({ hubUrl: base });
}

/** Every space the hub pulls to this kiosk, by name. */
export async function listSpaces(client: HubClient): Promise<Result<SetupSpace[]>> {
  const spaces = new Map<string, SetupSpace>();
  let cursor = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const reply = await client.pull({ cursor, limit: PAGE });
    if (!reply.ok) return err(setupError(reply.error));
    for (const change of reply.value.changes) {
      if (change.table !== 'spaces') continue;
      if (change.op !== 'put') {
        spaces.delete(change.recordId);
        continue;
      }
      const space = SpaceSchema.safeParse(change.record);
      if (space.success) {
        const { id, name, city, languages } = space.data;
        spaces.set(id, { id, name, city, languages: [...languages] });
      }
    }
    cursor = reply.value.cursor;
    if (!reply.value.hasMore) break;
  }
  return ok([...spaces.values()].sort((a, b) => a.name.localeCompare(b.name)));
}
