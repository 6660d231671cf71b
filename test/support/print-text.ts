import type { BadgeLabelText } from '#shared/print/badge-label';
import type { EvacuationRosterText } from '#shared/print/evacuation-roster';

/** English wording for the builders' tests (the renderer takes it from its i18n catalogue). */
export const LABEL_TEXT: BadgeLabelText = {
  title: 'VISITOR',
  host: (name) => `Meeting ${name}`,
};

export const ROSTER_TEXT: EvacuationRosterText = {
  title: (space) => `Evacuation roster — ${space}`,
  printedAt: (date, time) => `Printed on ${date} at ${time}`,
  count: (n) => `${n} people in the building`,
  columns: { name: 'Name', kind: 'Status', since: 'Since', host: 'Meeting' },
  member: 'member',
  visitor: 'visitor',
  guestFrom: (space) => `guest from ${space}`,
  unknown: '(name not on this kiosk)',
  erased: '(name erased on request)',
  empty: 'Nobody is checked in.',
  page: (page, pages) => `Page ${page} of ${pages}`,
};
