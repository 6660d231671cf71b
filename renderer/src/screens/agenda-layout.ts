/**
 * How many event rows the agenda's list holds on a screen of this size without scrolling (a day
 * heading counts half a row; see AgendaState). The figures follow Agenda.svelte's layout at the
 * kiosk's 16 px root: a row is 7.75rem (124 px) with its gap; lying down the filters sit beside
 * the list and 260 px go to the title bar, the pager and the margins; standing up the filters sit
 * above it and take 880 px more. e2e/fit.spec.ts holds both sizes to it in every language.
 */
export function agendaRowsFor(viewport: { innerWidth: number; innerHeight: number }): number {
  const isPortrait = viewport.innerHeight > viewport.innerWidth;
  const reserved = isPortrait ? 880 : 260;
  return Math.max(2, Math.floor((viewport.innerHeight - reserved) / 124));
}
