import type { AgendaEvent, Lang, Space } from '#shared/domain/types';
import type { Clock } from '../lib/clock';
import { agendaPage, NO_FILTER, type AgendaFilter } from '../lib/agenda/agenda-list';
import { qrSvg, type QrSvg } from '../lib/agenda/event-qr';
import { AGENDA_DAYS, type AgendaWindow } from './agenda-window.svelte';

export { AGENDA_DAYS } from './agenda-window.svelte';
/** Days per row of the day picker. */
export const DAYS_PER_WEEK = 7;

/** What the agenda needs from outside, injected (main.ts, tests). */
export interface AgendaDeps {
  /** The stored occurrences of the four weeks and the spaces, in memory (AgendaWindow). */
  window: AgendaWindow;
  clock: Clock;
  /** The space this kiosk serves (the "this space" filter). */
  spaceId: string;
  /**
   * The list's height in event rows (a day heading takes half a row): as much as the screen holds
   * without scrolling (agendaRowsFor).
   */
  rowsPerPage: number;
}

/** A day heading's height, in event rows. */
export const HEADING_ROWS = 0.5;

/** One line of the list: a day's heading, or an event under it. */
export type AgendaRow =
  | { readonly kind: 'day'; readonly start: number }
  | { readonly kind: 'event'; readonly event: AgendaEvent };

/**
 * The agenda screen's state (docs/decisions/0024-agenda-screen.md, 0063): the filters, the chosen
 * day among the next four weeks, the page of the list (the network's events from that day on,
 * grouped by day) and the opened event with its QR code, over the kiosk's AgendaWindow. Every verb
 * makes the page it leads to from the window, in memory, before it returns; a change of the window
 * (a sync, midnight) makes the page again. Built per opening (filters reset), loaded lazily by
 * main.ts.
 */
export class AgendaState {
  filter = $state<AgendaFilter>(NO_FILTER);
  /** Index of the chosen day in `days` (0: today). */
  day = $state(0);
  /** Which week of the day picker shows (0 to 3). */
  week = $state(0);
  /** Page of the list, from 0. */
  page = $state(0);
  events = $state.raw<readonly AgendaEvent[]>([]);
  hasMore = $state(false);
  opened = $state.raw<AgendaEvent | null>(null);

  readonly timeZone: string;
  readonly spaceId: string;
  readonly countries = $derived(
    Object.values(this.spaces)
      .flatMap((s) => (s ? [s.country] : []))
      .filter((c, i, all) => all.indexOf(c) === i)
      .sort(),
  );
  readonly rows: readonly AgendaRow[] = $derived(this.#rows());
  readonly openedQr: QrSvg | null = $derived(this.opened?.url ? qrSvg(this.opened.url) : null);

  readonly #deps: AgendaDeps;
  // Where each page visited so far starts in the list (pages hold fewer events when headings
  // take room): pages are turned one at a time, so this is known for every page reachable.
  #offsets: number[] = [0];
  #unsubscribe: () => void = () => undefined;

  constructor(deps: AgendaDeps) {
    this.#deps = deps;
    this.timeZone = deps.window.timeZone;
    this.spaceId = deps.spaceId;
  }

  /** The start (epoch ms) of each day offered, and of the day after the last one. */
  get days(): readonly number[] {
    return this.#deps.window.days;
  }

  /** The network's spaces by id. */
  get spaces(): Readonly<Partial<Record<string, Space>>> {
    return this.#deps.window.spaces;
  }

  /** The window's last read failed: the list may be missing events. */
  get hasFailed(): boolean {
    return this.#deps.window.hasFailed;
  }

  /** Makes the first page, and makes it again whenever the window changes, until dispose(). */
  open(): void {
    this.#unsubscribe = this.#deps.window.onChange(() => {
      this.#show();
    });
    this.#show();
  }

  /** Stops following the window. */
  dispose(): void {
    this.#unsubscribe();
  }

  /** "This space" (true) or the whole network (false). */
  setOwnSpace(isOwn: boolean): void {
    this.#refilter({ ...this.filter, spaceId: isOwn ? this.spaceId : null });
  }

  /** Only the spaces of `country`; null: every country. */
  setCountry(country: string | null): void {
    this.#refilter({ ...this.filter, country });
  }

  /** Only events held in `lang`; null: any language. */
  setLang(lang: Lang | null): void {
    this.#refilter({ ...this.filter, lang });
  }

  /** Lists from day `index` of `days` (0: today) on, from its first page. */
  chooseDay(index: number): void {
    this.day = Math.min(Math.max(0, Math.trunc(index)), AGENDA_DAYS - 1);
    this.week = Math.floor(this.day / DAYS_PER_WEEK);
    this.#firstPage();
    this.#show();
  }

  /** Shows another week of the day picker (the list stays). */
  showWeek(week: number): void {
    this.week = Math.min(Math.max(0, Math.trunc(week)), AGENDA_DAYS / DAYS_PER_WEEK - 1);
  }

  /** The next page, when there is one. */
  nextPage(): void {
    if (!this.hasMore) return;
    this.#offsets[this.page + 1] = (this.#offsets[this.page] ?? 0) + this.events.length;
    this.page += 1;
    this.#show();
  }

  /** The previous page, when there is one. */
  previousPage(): void {
    if (this.page === 0) return;
    this.page -= 1;
    this.#show();
  }

  /** Opens the event `id` of the page (its description and QR code); ignored when absent. */
  openEvent(id: string): void {
    this.opened = this.events.find((e) => e.id === id) ?? null;
  }

  /** Back from an opened event to the list. */
  closeEvent(): void {
    this.opened = null;
  }

  #refilter(filter: AgendaFilter): void {
    this.filter = filter;
    this.#firstPage();
    this.#show();
  }

  #firstPage(): void {
    this.page = 0;
    this.#offsets = [0];
  }

  /** Makes the current page from the window (today's list from this instant on). */
  #show(): void {
    const rows = Math.max(1, Math.floor(this.#deps.rowsPerPage - HEADING_ROWS));
    const result = agendaPage(this.#deps.window.events, {
      from: this.#from(),
      until: this.days[AGENDA_DAYS] ?? 0,
      filter: this.filter,
      countryOf: (id) => this.spaces[id]?.country,
      offset: this.#offsets[this.page] ?? 0,
      limit: rows,
    });
    const fitting = this.#fitting(result.events);
    this.events = fitting;
    this.hasMore = result.hasMore || fitting.length < result.events.length;
    if (this.opened) this.opened = result.events.find((e) => e.id === this.opened?.id) ?? null;
  }

  /** The first of `events` that fit the page with their day headings (at least one). */
  #fitting(events: readonly AgendaEvent[]): readonly AgendaEvent[] {
    let used = 0;
    let shownDay = -1;
    let count = 0;
    for (const event of events) {
      const day = this.#dayStartOf(Math.max(event.startsAt, this.#from()));
      const cost = 1 + (day === shownDay ? 0 : HEADING_ROWS);
      if (count > 0 && used + cost > this.#deps.rowsPerPage) break;
      used += cost;
      shownDay = day;
      count += 1;
    }
    return events.slice(0, count);
  }

  /** Today's list starts now (what ended is gone); another day's at its midnight. */
  #from(): number {
    const start = this.days[this.day] ?? 0;
    return this.day === 0 ? Math.max(start, this.#deps.clock()) : start;
  }

  /** The page's events under a heading for each day they fall on (a running event: the first). */
  #rows(): AgendaRow[] {
    const rows: AgendaRow[] = [];
    let shownDay = -1;
    for (const event of this.events) {
      const start = this.#dayStartOf(Math.max(event.startsAt, this.#from()));
      if (start !== shownDay) {
        rows.push({ kind: 'day', start });
        shownDay = start;
      }
      rows.push({ kind: 'event', event });
    }
    return rows;
  }

  /** The start of the offered day that holds `at` (the last day start at or before it). */
  #dayStartOf(at: number): number {
    let found = this.days[0] ?? at;
    for (const start of this.days) {
      if (start > at) break;
      found = start;
    }
    return found;
  }
}
