import type { AuditLog } from '../console-api/contract';
import type { HubStore } from '../store/store';

export interface AskDeps {
  readonly store: HubStore;
  readonly audit: AuditLog;
  readonly clock: () => number;
}

/**
 * Records a request for `kioskId`'s logs by `actor` (an operator id, or `cli`) and its audit
 * entry `kiosk.logs-request`; a second request before the upload renews the first. The caller has
 * checked the kiosk exists and the actor may manage it. Resolves with the request's instant.
 */
export async function askForLogs(deps: AskDeps, kioskId: string, actor: string): Promise<number> {
  const requestedAt = deps.clock();
  await deps.store.kioskLogs.request({ kioskId, requestedAt, requestedBy: actor });
  await deps.audit.record({
    actor,
    action: 'kiosk.logs-request',
    target: `kiosk:${kioskId}`,
    after: { requestedAt },
  });
  return requestedAt;
}
