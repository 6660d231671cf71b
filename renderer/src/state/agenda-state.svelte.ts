import type { AgendaEvent, Lang, Space } from '#shared/domain/types';
import { addDays, startOfDay, wallDateOf } from '#shared/time/zoned';
import type { Clock } from '../lib/clock';
import type { KioskDb } from '../lib/db/kiosk-db';
import { agendaPage, NO_FILTER, type AgendaFilter } from '../lib/agenda/agenda-queries';
import { qrSvg, type QrSvg } from '../lib/agenda/event-qr';

/** How many days the day picker offers, today included (four weeks). */
export const AGENDA_DAYS = 28;
/** Days per row of the day picker. */
export const DAYS_PER_WEEK = 7;

/** What the agenda needs from outside, injected (main.ts, tests). */
export interface AgendaDeps {
  db: KioskDb;
  clock: Clock;
  /** The kiosk's zone: days begin at its midnight and times show on its clock. */
  timeZone: string;
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
 * The agenda screen's state (docs/decisions/0024-agenda-screen.md): the filters, the chosen day
 * among the next four weeks, the page of the list (the network's events from that day on, grouped
 * by day) and the opened event with its QR code. Loaded lazily by main.ts (Temporal). Every verb
 * reloads the page it leads to; a failed load keeps the last page and sets `hasFailed`.
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
  hasFailed = $state(false);
  opened = $state.raw<AgendaEvent | null>(null);
  /** The network's spaces by id. */
  spaces = $state.raw<Readonly<Partial<Record<string, Space>>>>({});

  /** The start (epoch ms) of each day offered, and of the day after the last one. */
  readonly days: readonly number[];
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
  // Each load is numbered: only the latest one's answer is shown (taps may overtake a load).
  #loads = 0;
  #unsubscribe: () => void = () => undefined;

  constructor(deps: AgendaDeps) {
    this.#deps = deps;
    this.timeZone = deps.timeZone;
    this.spaceId = deps.spaceId;
    const today = wallDateOf(deps.clock(), deps.timeZone);
    this.days = Array.from({ length: AGENDA_DAYS + 1 }, (_, i) =>
      startOfDay(addDays(today, i), deps.timeZone),
    );
  }

  /**
   * Loads the spaces and the first page, and reloads the page whenever stored events change (a
   * sync, pruning) until dispose(). Rejects when IndexedDB does.
   */
  async open(): Promise<void> {
    // Side by side: the first page needs no space (no country filter yet), and each read is a
    // round trip to the storage process on the way from the tap to the paint.
    const [spaces] = await Promise.all([this.#deps.db.spaces.toArray(), this.#load()]);
    this.spaces = Object.fromEntries(spaces.map((s) => [s.id, s]));
    this.#unsubscribe = this.#deps.db.commits.subscribe((changes) => {
      if (changes.some((c) => c.table === 'events')) void this.load();
    });
  }

  /** Stops following the store. */
  dispose(): void {
    this.#unsubscribe();
  }

  /** "This space" (true) or the whole network (false). */
  setOwnSpace(isOwn: boolean): Promise<void> {
    return this.#refilter({ ...this.filter, spaceId: isOwn ? this.spaceId : null });
  }

  /** Only the spaces of `country`; null: every country. */
  setCountry(country: string | null): Promise<void> {
    return this.#refilter({ ...this.filter, country });
  }

  /** Only events held in `lang`; null: any language. */
  setLang(lang: Lang | null): Promise<void> {
    return this.#refilter({ ...this.filter, lang });
  }

  /** Lists from day `index` of `days` (0: today) on, from its first page. */
  chooseDay(index: number): Promise<void> {
    this.day = Math.min(Math.max(0, Math.trunc(index)), AGENDA_DAYS - 1);
    this.week = Math.floor(this.day / DAYS_PER_WEEK);
    this.#firstPage();
    return this.load();
  }

  /** Shows another week of the day picker (the list stays). */
  showWeek(week: number): void {
    this.week = Math.min(Math.max(0, Math.trunc(week)), AGENDA_DAYS / DAYS_PER_WEEK - 1);
  }

  /** The next page, when there is one. */
  nextPage(): Promise<void> {
    if (!this.hasMore) return Promise.resolve();
    this.#offsets[this.page + 1] = (this.#offsets[this.page] ?? 0) + this.events.length;
    this.page += 1;
    return this.load();
  }

  /** The previous page, when there is one. */
  previousPage(): Promise<void> {
    if (this.page === 0) return Promise.resolve();
    this.page -= 1;
    return this.load();
  }

  /** Opens the event `id` of the page (its description and QR code); ignored when absent. */
  openEvent(id: string): void {
    this.opened = this.events.find((e) => e.id === id) ?? null;
  }

  /** Back from an opened event to the list. */
  closeEvent(): void {
    this.opened = null;
  }

  /** Reloads the current page; never rejects (a failure sets `hasFailed`). */
  async load(): Promise<void> {
    try {
      await this.#load();
    } catch (e) {
      console.error('agenda load failed', e);
      this.hasFailed = true;
    }
  }

  #refilter(filter: AgendaFilter): Promise<void> {
    this.filter = filter;
    this.#firstPage();
    return this.load();
  }

  #firstPage(): void {
    this.page = 0;
    this.#offsets = [0];
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    const rows = Math.max(1, Math.floor(this.#deps.rowsPerPage - HEADING_ROWS));
    const result = await agendaPage(this.#deps.db, {
      from: this.#from(),
      until: this.days[AGENDA_DAYS] ?? 0,
      filter: this.filter,
      countryOf: (id) => this.spaces[id]?.country,
      offset: this.#offsets[this.page] ?? 0,
      limit: rows,
    });
    if (load !== this.#loads) return;
    const fitting = this.#fitting(result.events);
    this.events = fitting;
    this.hasMore = result.hasMore || fitting.length < result.events.length;
    this.hasFailed = false;
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
