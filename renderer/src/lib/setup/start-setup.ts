import { mount } from 'svelte';
import type { Lang } from '#shared/domain/types';
import type { KioskApi } from '#shared/ipc/contract';
import Setup from '../../screens/setup/Setup.svelte';
import { SetupFlow } from './setup-flow.svelte';

/**
 * Shows the setup instead of the kiosk when main says it is needed (no kiosk.json yet, or the
 * host ran it again). Resolves false when it is not needed (the kiosk starts as usual); when it
 * is, mounts the setup and never resolves: main restarts the kiosk after `finish`, and a cancel
 * reloads the page into the kiosk. A failed question counts as "not needed".
 */
export async function showSetupIfNeeded(deps: {
  api: KioskApi;
  target: HTMLElement;
  initialLang: Lang;
  applyLang: (lang: Lang) => void;
  reload: () => void;
}): Promise<false> {
  const state = await deps.api.setup.getState().catch(() => null);
  if (state === null || !state.ok || !state.value.isNeeded) return false;
  const flow = new SetupFlow(deps.api, state.value.reason, deps.applyLang);
  flow.lang = deps.initialLang;
  mount(Setup, {
    target: deps.target,
    props: {
      flow,
      oncancel: () => {
        void flow.cancel().then((isCancelled) => {
          if (isCancelled) deps.reload();
        });
      },
    },
  });
  return new Promise<false>(() => undefined);
}
