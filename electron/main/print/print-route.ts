import type { KioskConfig } from '#shared/config/kiosk-config';
import type { PrintKind } from '#shared/print/print-job';

/** A CUPS queue of the kiosk config: its name and the media it is given. */
export type PrintQueue = NonNullable<KioskConfig['printing']>['labelPrinter'];

/**
 * Where one print job goes (issue 10, point 12; decision 0019):
 * - `queue`: the queue configured for its kind — silently through `lp`;
 * - `dialog`: no queue for its kind, but main can show the system print dialog — the person
 *   standing at the kiosk picks a printer (a save-as dialog for a PDF link would be useless in
 *   the locked kiosk);
 * - `none`: neither — the answer is `no-printer` and the page offers the PDF (only the browser
 *   preview, whose page has no main process, and a main built without a dialog).
 */
export type PrintRoute =
  { kind: 'queue'; queue: NonNullable<PrintQueue> } | { kind: 'dialog' } | { kind: 'none' };

/** The route of a `kind` job under `printing` (null: no printing section). Pure; never throws. */
export function choosePrintRoute(
  kind: PrintKind,
  printing: KioskConfig['printing'] | null,
  hasDialog: boolean,
): PrintRoute {
  const queue = kind === 'badge-label' ? printing?.labelPrinter : printing?.rosterPrinter;
  if (queue !== undefined) return { kind: 'queue', queue };
  return hasDialog ? { kind: 'dialog' } : { kind: 'none' };
}
