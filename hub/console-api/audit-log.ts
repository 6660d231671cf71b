import type { OperatorStore } from '../store/operator-rows';
import type { AuditLog } from './contract';

/**
 * The audit log over the store: each entry stamped with `clock()` and appended (numbered by the
 * database). Rejects on database errors; callers record after the change they describe, so a
 * failed write fails the request instead of leaving a change unrecorded silently.
 */
export function storeAuditLog(store: OperatorStore, clock: () => number): AuditLog {
  return { record: (entry) => store.appendAudit({ ...entry, at: clock() }) };
}
