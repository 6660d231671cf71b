import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import { PageRegistry, type PageProps } from './nav';

const component = (() => ({})) as unknown as Component<PageProps>;

describe('PageRegistry', () => {
  it('lists the pages a role may open, in the order registered', () => {
    const pages = new PageRegistry()
      .register({ id: 'fleet', label: 'fleet.nav', roles: ['network', 'space'], component })
      .register({ id: 'operators', label: 'operators.nav', roles: ['network'], component })
      .register({ id: 'members', label: 'members.nav', roles: ['space', 'network'], component });
    expect(pages.for('network').map((p) => p.id)).toEqual(['fleet', 'operators', 'members']);
    expect(pages.for('space').map((p) => p.id)).toEqual(['fleet', 'members']);
  });

  it('refuses a page id twice or one that cannot be a hash route', () => {
    const pages = new PageRegistry().register({ id: 'audit', label: 'a', roles: [], component });
    expect(() => pages.register({ id: 'audit', label: 'b', roles: [], component })).toThrow(
      /twice/,
    );
    expect(() => pages.register({ id: 'Audit/1', label: 'c', roles: [], component })).toThrow(
      /bad console page id/,
    );
  });
});
