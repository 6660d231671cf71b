import type { PinCheck } from '#shared/ipc/contract';
import type { Result } from '#shared/result';

/**
 * The host's "Leave kiosk mode" (issue 13): the PIN is checked again by main — the page's word
 * that host mode is open is not enough — through the same service and lockout as entering host
 * mode. Only a right PIN leaves, and only after the reply is on its way (the next turn of the
 * event loop), so the page can say "leaving" before the window goes. A wrong PIN, a lockout or
 * an unavailable check answers as verifyPin does and leaves nothing.
 */
export async function leaveWithPin(
  hostPin: { verify(pin: string): Promise<Result<PinCheck>> },
  pin: string,
  leave: () => void,
): Promise<Result<PinCheck>> {
  const check = await hostPin.verify(pin);
  if (check.ok && check.value.isValid) setImmediate(leave);
  return check;
}
