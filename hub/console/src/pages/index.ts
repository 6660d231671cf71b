import { PageRegistry } from '../state/nav';
import Audit from './Audit.svelte';
import Indicators from './Indicators.svelte';
import Members from './Members.svelte';
import Operators from './Operators.svelte';
import Visitors from './Visitors.svelte';

/**
 * Every section of the console, in navigation order. A part of the console adds its page here,
 * one line each (its component takes PageProps; its label is a catalogue key).
 */
export function consolePages(): PageRegistry {
  return new PageRegistry()
    .register({
      id: 'indicators',
      label: 'indicators.nav',
      roles: ['network', 'space'],
      component: Indicators,
    })
    .register({ id: 'operators', label: 'operators.nav', roles: ['network'], component: Operators })
    .register({ id: 'audit', label: 'audit.nav', roles: ['network'], component: Audit })
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
    });
}
