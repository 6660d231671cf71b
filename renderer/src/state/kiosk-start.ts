import type { KioskConfig } from '#shared/config/kiosk-config';
import type { StartErrorCode } from '#shared/ipc/codes';
import type { KioskApi } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import type { StartProblem } from './kiosk-deps';

/** The config main reports at start, and whether it is the demo one. */
export interface StartConfig {
  config: KioskConfig;
  isDemo: boolean;
}

/**
 * Asks main for the kiosk config: the usable one, or the problem the 'config-error' screen shows
 * (the reply failed, or the config file is invalid: its path and every bad field).
 */
export async function readStartConfig(api: KioskApi): Promise<Result<StartConfig, StartProblem>> {
  const reply = await api.config.getKiosk();
  if (!reply.ok) {
    return err({ ...reply.error, path: '', details: [...(reply.error.details ?? [])] });
  }
  const state = reply.value;
  if (state.status === 'invalid') {
    return err({ ...state.error, path: state.path, details: state.error.details ?? [] });
  }
  return ok({ config: state.config, isDemo: state.isDemo });
}

/** The problem of a start that threw on the way (the database, the demo seed, the flows). */
export function startFailed(e: unknown): StartProblem {
  return {
    code: 'start-failed' satisfies StartErrorCode,
    path: '',
    message: e instanceof Error ? e.message : String(e),
    details: [],
  };
}
