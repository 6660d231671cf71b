import { contract } from '#shared/ipc/contract';
import { err, ok, type Result } from '#shared/result';
import type { PinCheck } from '#shared/ipc/contract';
import type { SetupState } from '#shared/ipc/setup';
import type { IpcRegistrar } from '../ipc/registrar';
import type { SetupService } from './setup-service';

/**
 * Registers the setup's channels (contract.setup): each only delegates to the SetupService. The
 * host's "run setup again" checks the PIN again in main (as leaving kiosk mode does), so the
 * page's word that host mode is open is not enough. Without a setup service (a harness that does
 * not need one) setup is never needed and every step answers `setup-out-of-order`.
 */
export function registerSetupHandlers(
  registrar: IpcRegistrar,
  deps: {
    readonly setup?: SetupService | undefined;
    readonly hostPin: { verify(pin: string): Promise<Result<PinCheck>> };
  },
): void {
  const { setup } = deps;
  const none = (): Result<never> =>
    err({ code: 'setup-out-of-order', message: 'This kiosk has no setup.' });
  const notNeeded: SetupState = { isNeeded: false, reason: null };
  registrar.handle(contract.setup.getState, () => ok(setup?.state() ?? notNeeded));
  registrar.handle(contract.setup.runAgain, async (request) => {
    const check = await deps.hostPin.verify(request.pin);
    if (setup !== undefined && check.ok && check.value.isValid) setup.requestAgain();
    return check;
  });
  registrar.handle(contract.setup.cancel, () => ok(setup?.cancel() ?? notNeeded));
  registrar.handle(contract.setup.checkHub, (r) => setup?.checkHub(r.hubUrl) ?? none());
  registrar.handle(contract.setup.enrol, (r) => setup?.enrol(r) ?? none());
  registrar.handle(contract.setup.learnReader, (r) => setup?.learnReader(r.timeoutMs) ?? none());
  registrar.handle(contract.setup.finish, (r) => setup?.finish(r) ?? none());
  registrar.handle(contract.setup.testTap, (r) => setup?.testTap(r.timeoutMs) ?? none());
  registrar.handle(contract.setup.testCard, (r) => setup?.testCard(r.cardId) ?? none());
}
