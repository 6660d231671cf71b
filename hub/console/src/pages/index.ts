import { PageRegistry } from '../state/nav';
import Audit from './Audit.svelte';
import Feeds from './Feeds.svelte';
import Fleet from './Fleet.svelte';
import Operators from './Operators.svelte';
import Spaces from './Spaces.svelte';

/**
 * Every section of the console, in navigation order. A part of the console adds its page here,
 * one line each (its component takes PageProps; its label is a catalogue key).
 */
export function consolePages(): PageRegistry {
  return new PageRegistry()
    .register({ id: 'operators', label: 'operators.nav', roles: ['network'], component: Operators })
    .register({ id: 'audit', label: 'audit.nav', roles: ['network'], component: Audit })
    .register({ id: 'fleet', label: 'fleet.nav', roles: ['network', 'space'], component: Fleet })
    .register({ id: 'spaces', label: 'spaces.nav', roles: ['network', 'space'], component: Spaces })
    .register({ id: 'feeds', label: 'feeds.nav', roles: ['network', 'space'], component: Feeds });
}
