import { PageRegistry } from '../state/nav';
import Audit from './Audit.svelte';
import Feeds from './Feeds.svelte';
import Fleet from './Fleet.svelte';
import Indicators from './Indicators.svelte';
import Members from './Members.svelte';
import Operators from './Operators.svelte';
import Spaces from './Spaces.svelte';
import Visitors from './Visitors.svelte';

/**
 * Every section of the console, in navigation order: the daily ones first (the figures, the
 * kiosks, the people), the settings and the accounts last. A part of the console adds its page
 * here, one line each (its component takes PageProps; its label is a catalogue key). The first
 * a role may open is where a sign-in lands.
 */
export function consolePages(): PageRegistry {
  const both = ['network', 'space'] as const;
  return new PageRegistry()
    .register({ id: 'indicators', label: 'indicators.nav', roles: both, component: Indicators })
    .register({ id: 'fleet', label: 'fleet.nav', roles: both, component: Fleet })
    .register({ id: 'members', label: 'members.nav', roles: both, component: Members })
    .register({ id: 'visitors', label: 'visitors.nav', roles: both, component: Visitors })
    .register({ id: 'spaces', label: 'spaces.nav', roles: both, component: Spaces })
    .register({ id: 'feeds', label: 'feeds.nav', roles: both, component: Feeds })
    .register({ id: 'operators', label: 'operators.nav', roles: ['network'], component: Operators })
    .register({ id: 'audit', label: 'audit.nav', roles: ['network'], component: Audit });
}
