import { NAME_MAX } from '#shared/visitor/walk-in-form';
import type { VisitorDataDeps } from '../lib/gdpr/visitor-data-deps';
import { edit, type KeyPress } from '../lib/keyboard/edit';
import type { VisitorMatch } from '../lib/visitors/visitor-search';

/** Where the screen stands. */
export type VisitorDataStep = 'search' | 'chosen' | 'confirm-erase' | 'erased';

/** The outcome shown under the buttons; each has a message in the catalogue (`gdpr.notice.*`). */
export type VisitorDataNotice = 'exported' | 'gone' | 'export-failed' | 'erase-failed' | null;

/**
 * The host's "visitor data" screen (GDPR access and erasure requests): find a visitor from three
 * letters (masked), then export their data as a JSON file or erase them after an explicit
 * confirmation. A fresh instance per visit of the screen, so leaving it forgets the search and
 * the choice. Verb methods never reject: failures become a `notice`.
 */
export class VisitorDataState {
  query = $state('');
  matches = $state<VisitorMatch[]>([]);
  chosen = $state<VisitorMatch | null>(null);
  step = $state<VisitorDataStep>('search');
  notice = $state<VisitorDataNotice>(null);
  isBusy = $state(false);
  /** "No match": a query of three letters or more found nobody, and nobody is chosen. */
  readonly noMatch = $derived(
    this.chosen === null && this.query.trim().length >= 3 && this.matches.length === 0,
  );

  readonly #deps: VisitorDataDeps;
  #searchSeq = 0;

  constructor(deps: VisitorDataDeps) {
    this.#deps = deps;
  }

  /** Searches from three letters; a slower earlier answer never overwrites a later one. */
  async search(query: string): Promise<void> {
    this.query = query;
    this.chosen = null;
    this.notice = null;
    this.step = 'search';
    const seq = ++this.#searchSeq;
    const found = await this.#deps.find(query).catch((e: unknown) => {
      console.error('visitor search failed', e);
      return [];
    });
    if (seq === this.#searchSeq) this.matches = found;
  }

  /** One key of the on-screen keyboard into the search field; searches again. Never rejects. */
  press(key: KeyPress): Promise<void> {
    return this.search(edit(this.query, key, NAME_MAX));
  }

  /** Picks one of the current matches; an id not among them is ignored. */
  choose(id: string): void {
    const match = this.matches.find((m) => m.id === id);
    if (!match) return;
    this.chosen = match;
    this.notice = null;
    this.step = 'chosen';
  }

  /** Saves the chosen visitor's data as JSON (pretty-printed, UTF-8). */
  async exportChosen(): Promise<void> {
    const chosen = this.chosen;
    if (!chosen || this.isBusy) return;
    this.isBusy = true;
    try {
      const out = await this.#deps.export(chosen.id);
      if (out === null) {
        this.#gone();
        return;
      }
      await this.#deps.save(out.fileName, `${JSON.stringify(out.data, null, 2)}\n`);
      this.notice = 'exported';
    } catch (e) {
      console.error('visitor export failed', e);
      this.notice = 'export-failed';
    } finally {
      this.isBusy = false;
    }
  }

  /** Shows the confirmation step; nothing is erased yet. */
  askErase(): void {
    if (this.chosen && this.step === 'chosen') {
      this.notice = null;
      this.step = 'confirm-erase';
    }
  }

  /** Backs out of the confirmation, nothing erased. */
  cancelErase(): void {
    if (this.step === 'confirm-erase') this.step = 'chosen';
  }

  /** Erases the chosen visitor (confirmation step only), then asks for a sync. */
  async confirmErase(): Promise<void> {
    const chosen = this.chosen;
    if (!chosen || this.step !== 'confirm-erase' || this.isBusy) return;
    this.isBusy = true;
    try {
      if (!(await this.#deps.erase(chosen.id))) {
        this.#gone();
        return;
      }
      this.step = 'erased';
      this.chosen = null;
      this.matches = [];
      this.query = '';
      await this.#deps.requestSync().catch((e: unknown) => {
        console.error('sync request after erasure failed', e);
      });
    } catch (e) {
      console.error('visitor erasure failed', e);
      this.notice = 'erase-failed';
      this.step = 'chosen';
    } finally {
      this.isBusy = false;
    }
  }

  #gone(): void {
    const id = this.chosen?.id;
    this.notice = 'gone';
    this.chosen = null;
    this.matches = this.matches.filter((m) => m.id !== id);
    this.step = 'search';
  }
}
