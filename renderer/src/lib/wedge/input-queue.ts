/**
 * What the page can learn about input the browser has received but not yet dispatched, so a
 * timer does not settle a burst whose next keys are still queued behind it.
 */

interface Scheduling {
  isInputPending?: (options?: { includeContinuous?: boolean }) => boolean;
}

/**
 * Chromium's `navigator.scheduling.isInputPending()`: true while input events wait to be
 * dispatched to this page. False where the API is missing (it is a hint, not a guarantee: input
 * still in the OS or the browser process is not seen). Never throws.
 */
export function isInputPending(): boolean {
  const nav: Navigator & { scheduling?: Scheduling } = navigator;
  return nav.scheduling?.isInputPending?.() ?? false;
}

/**
 * Runs `then` in a new task after the current one (a MessageChannel message: not clamped like a
 * nested setTimeout), so input already queued is dispatched first. Never throws.
 */
export function afterYield(then: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    then();
  };
  channel.port2.postMessage(null);
}
