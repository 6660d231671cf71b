import { PageRegistry } from '../state/nav';
import Audit from './Audit.svelte';
import Feeds from './Feeds.svelte';
import Fleet from './Fleet.svelte';
import Members from './Members.svelte';
import Operators from './Operators.svelte';
import Spaces from './Spaces.svelte';
import Visitors from './Visitors.svelte';

/**
 * Every section of the console, in navigation order. A part of the console adds its page here,
 * one line each (its component takes PageProps; its label is a catalogue key).
 */
export function consolePages(): PageRegistry {
  return new PageRegistry()
    .register({ id: 'operators', label: 'operators.nav', roles: ['network'], component: Operators })
    .register({ id: 'audit', label: 'audit.nav', roles: ['network'], component: Audit })
    .register({ id: 'fleet', label: 'fleet.nav', roles: ['network', 'space'], component: Fleet })
    .register({
      id: 'members',
      label: 'members.nav',
      roles: ['network', 'space'],
      component: Members,
    })
    .register({
      id: 'visitors',
      label: 'visitors.nav',
      roles: ['network', 'space'],
      component: Visitors,
    })
    .register({ id: 'spaces', label: 'spaces.nav', roles: ['network', 'space'], component: Spaces })
    .register({ id: 'feeds', label: 'feeds.nav', roles: ['network', 'space'], component: Feeds });
}
