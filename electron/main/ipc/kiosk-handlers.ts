import type { KioskConfigState } from '#shared/config/kiosk-config';
import { contract, type AppInfo, type PinCheck, type ReaderStatus } from '#shared/ipc/contract';
import type { PrintOutcome, PrintPdfRequest } from '#shared/print/print-job';
import { ok, type Result } from '#shared/result';
import { leaveWithPin } from '../host/leave-kiosk';
import { unconfiguredSyncService, type SyncService } from '../hub-client/sync-service';
import { registerSetupHandlers } from '../setup/setup-handlers';
import type { SetupService } from '../setup/setup-service';
import type { IpcRegistrar } from './registrar';

/** The services the kiosk's IPC handlers answer from; built by the composition root. */
export interface KioskHandlerDeps {
  readonly appInfo: AppInfo;
  readonly getConfig: () => KioskConfigState;
  readonly hostPin: { verify(pin: string): Promise<Result<PinCheck>> };
  /** Leaves kiosk mode (quits the app); called only after a right PIN (host/leave-kiosk.ts). */
  readonly leaveKiosk: () => void;
  readonly readerStatuses: () => ReaderStatus[];
  /** The hub link (electron/main/hub-client); absent = a kiosk without a hub. */
  readonly sync?: SyncService;
  /** Silent printing (electron/main/print); absent = no printer, the renderer offers the PDF. */
  readonly print?: { print(job: PrintPdfRequest): Promise<Result<PrintOutcome>> };
  /** The first-run setup (electron/main/setup); absent = setup is never needed. */
  readonly setup?: SetupService;
}

/**
 * Registers the handler of every invoke entry of the contract (a test checks none is missing).
 * Handlers only delegate: the logic lives in the services. Throws only if a channel is registered
 * twice on the same registrar (see IpcRegistrar.handle).
 */
export function registerKioskHandlers(registrar: IpcRegistrar, deps: KioskHandlerDeps): void {
  registrar.handle(contract.app.getInfo, () => ok(deps.appInfo));
  registrar.handle(contract.config.getKiosk, () => ok(deps.getConfig()));
  registrar.handle(contract.host.verifyPin, (request) => deps.hostPin.verify(request.pin));
  registrar.handle(contract.host.leaveKiosk, (request) =>
    leaveWithPin(deps.hostPin, request.pin, deps.leaveKiosk),
  );
  registrar.handle(contract.reader.getStatus, () => ok(deps.readerStatuses()));
  const sync = deps.sync ?? unconfiguredSyncService();
  registrar.handle(contract.sync.getState, async () => ok(await sync.getState()));
  registrar.handle(contract.sync.push, (request) => sync.push(request));
  registrar.handle(contract.sync.pull, (request) => sync.pull(request));
  registrar.handle(contract.sync.requestNow, () => sync.requestNow());
  registrar.handle(contract.sync.report, (report) => sync.report(report));
  registrar.handle(contract.print.printPdf, (request) =>
    deps.print ? deps.print.print(request) : Promise.resolve(ok({ status: 'no-printer' as const })),
  );
  registerSetupHandlers(registrar, { setup: deps.setup, hostPin: deps.hostPin });
}
