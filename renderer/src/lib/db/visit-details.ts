import type { Purpose } from '#shared/visitor/walk-in-form';

/**
 * What the kiosk keeps about a walk-in's visit beyond the synced Visit record: why they came, and
 * the form submission that created it. Local to this kiosk and never synced: the hub's Visit schema
 * has no purpose, so other kiosks know the visit without it.
 */
export interface VisitDetails {
  visitId: string;
  visitorId: string;
  purpose: Purpose;
  /** The walk-in form's idempotency key: a second submit of the same form finds this row. */
  submissionId: string;
  createdAt: number;
}
