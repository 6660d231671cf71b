import type { Component } from 'svelte';
import type { Role } from '../api/schemas';
import type { ConsoleApi } from '../api/client';

/** What every page is given. */
export interface PageProps {
  readonly api: ConsoleApi;
}

/** One section of the console, as its page module registers it. */
export interface ConsolePage {
  /** The URL hash that opens it (`#/operators`): lowercase letters and dashes. */
  readonly id: string;
  /** Catalogue key of its name in the navigation. */
  readonly label: string;
  /** Roles that see it; the API enforces the same rule on its own. */
  readonly roles: readonly Role[];
  readonly component: Component<PageProps>;
}

/**
 * The console's navigation: a list that page modules register into (pages/index.ts), in the
 * order registered. Adding a section is one `register` line; the shell draws whatever is here.
 */
export class PageRegistry {
  readonly #pages: ConsolePage[] = [];

  /** Adds `page`; throws on a repeated or malformed id (a wiring bug, caught by the unit test). */
  register(page: ConsolePage): this {
    if (!/^[a-z][a-z-]*$/.test(page.id)) throw new Error(`bad console page id ${page.id}`);
    if (this.#pages.some((p) => p.id === page.id)) throw new Error(`console page ${page.id} twice`);
    this.#pages.push(page);
    return this;
  }

  /** The pages `role` may open, in order. */
  for(role: Role): readonly ConsolePage[] {
    return this.#pages.filter((p) => p.roles.includes(role));
  }
}
