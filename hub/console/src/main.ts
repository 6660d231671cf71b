import { config } from 'zod';
import './styles/console.css';
import { mount } from 'svelte';
import type { Lang } from '#shared/domain/types';
import App from './App.svelte';
import { ConsoleApi } from './api/client';
import { chooseLang, initialLang, setupI18n } from './i18n';
import { consolePages } from './pages';
import { RouteState } from './state/route.svelte';
import { SessionState } from './state/session.svelte';

// Composition root: builds the parts, wires them, starts. No logic of its own.
// Zod's compiled parsers probe for eval, which the console's CSP forbids (no 'unsafe-eval').
config({ jitless: true });
setupI18n(initialLang(window.localStorage, navigator.languages));

const session: SessionState = new SessionState(() => api);
const api = new ConsoleApi({
  fetch: (input, init) => window.fetch(input, init),
  base: '/console/api',
  onSessionEnded: () => {
    session.ended();
  },
});
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
mount(App, {
  target,
  props: {
    api,
    session,
    pages: consolePages(),
    route: new RouteState(window),
    onlang: (lang: Lang) => {
      chooseLang(window.localStorage, lang);
    },
  },
});
await session.restore();
