import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseKioskConfig, type KioskConfig } from '#shared/config/kiosk-config';
import {
  SetupFinishRequestSchema,
  type SetupEnrolled,
  type SetupFinishRequest,
  type SetupLearnt,
  type SetupLearntSerial,
  type SetupState,
  type SetupTestTap,
} from '#shared/ipc/setup';
import { err, ok, type Result } from '#shared/result';
import { hashPin } from '#shared/security/pin-hash';
import { kioskConfigLocation, type ConfigLocation } from '../config/config-loader';
import type { CredentialStore, HubCredential } from '../hub-client/credential-store';
import { createHubClient } from '../hub-client/hub-client';
import { createCardTester, type CardTester } from './card-tester';
import { checkHub, listSpaces, setupError } from './hub-setup';
import type { HidLearnerDeps } from './hid-learner';
import { learnSerialReader, type ReaderLearnerDeps } from './reader-learner';
import { learnTappedReader } from './tap-learner';

/**
 * The first-run setup's main side (docs/decisions/0042), plain Node: it walks the installer's
 * steps in order — hub address, enrolment, reader learning, finish — keeping what each step gave
 * in memory. Nothing is written before `finish`: then the validated kiosk.json and the hub
 * credential (through the credential port: a 0600 file, or Electron's safeStorage), and main
 * restarts on the new config. A setup abandoned half-way leaves the kiosk as it was.
 */

export interface SetupServiceOptions {
  readonly location: ConfigLocation;
  /** Setup is shown at start when there is no config file and this is true. */
  readonly isFirstRun: boolean;
  /** Where the credential goes at finish (the one kiosk-sync reads). */
  readonly credentials: CredentialStore;
  /** The config running now (re-run keeps its printers, timings…); null for demo / none. */
  readonly current: KioskConfig | null;
  /** Restarts main on the new config; called after finish answered. */
  readonly restart: () => void;
  readonly readers?: ReaderLearnerDeps;
  /** The HID services the readers step lists and opens (recorded devices in tests). */
  readonly hidReaders?: HidLearnerDeps;
  readonly fetch?: typeof fetch;
  readonly hubTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

/** True when the kiosk should show setup at start: no config file, on a packaged kiosk or KIOSK_SETUP=1. */
export async function isFirstRun(opts: {
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
}): Promise<boolean> {
  const location = kioskConfigLocation(opts.userDataDir, opts.env);
  if (location.isExplicit) return false;
  if (!opts.isPackaged && opts.env['KIOSK_SETUP'] !== '1') return false;
  try {
    await access(location.path);
    return false;
  } catch {
    return true;
  }
}

function outOfOrder(step: string): Result<never> {
  return err({ code: 'setup-out-of-order', message: `Setup step "${step}" came too early.` });
}

function memoryStore(): CredentialStore & { value: HubCredential | null } {
  const store = {
    value: null as HubCredential | null,
    load: () => Promise.resolve(store.value),
    save: (c: HubCredential) => {
      store.value = c;
      return Promise.resolve();
    },
  };
  return store;
}

/** Writes the file atomically (temporary file, then rename). */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

export class SetupService {
  readonly #options: SetupServiceOptions;
  #isAgain = false;
  #hubUrl: string | null = null;
  #enrolled: { credential: HubCredential; spaceId: string } | null = null;
  /** The test tap's lookups, with the client enrolment made (decision 0043). */
  #tester: CardTester | null = null;
  /**
   * The serial reader the last "tap any card" on a serial port learnt: the test tap listens on it.
   * A HID reader learnt has no test tap (decision 0044).
   */
  #learntSerial: SetupLearntSerial | null = null;
  /** Stops a test tap still waiting on the serial port, so the port is free for what comes next. */
  #stopTestTap: AbortController | null = null;
  #testTapRun: Promise<unknown> = Promise.resolve();
  #isFinished = false;

  constructor(options: SetupServiceOptions) {
    this.#options = options;
  }

  state(): SetupState {
    if (this.#isAgain) return { isNeeded: true, reason: 'again' };
    if (this.#options.isFirstRun) return { isNeeded: true, reason: 'first-run' };
    return { isNeeded: false, reason: null };
  }

  /** The host's "run setup again" (after a right PIN): the renderer shows setup until cancel. */
  requestAgain(): void {
    this.#isAgain = true;
    this.#reset();
  }

  /** Leaves a re-run setup without change; a first run cannot be cancelled. */
  cancel(): SetupState {
    this.#isAgain = false;
    this.#reset();
    return this.state();
  }

  #reset(): void {
    this.#stopTestTap?.abort();
    this.#hubUrl = null;
    this.#enrolled = null;
    this.#tester = null;
    this.#learntSerial = null;
  }

  async checkHub(hubUrl: string): Promise<Result<{ hubUrl: string }>> {
    if (!this.state().isNeeded) return outOfOrder('hub');
    const checked = await checkHub(hubUrl, {
      ...(this.#options.fetch === undefined ? {} : { fetch: this.#options.fetch }),
      ...(this.#options.hubTimeoutMs === undefined
        ? {}
        : { timeoutMs: this.#options.hubTimeoutMs }),
    });
    this.#hubUrl = checked.ok ? checked.value.hubUrl : null;
    this.#enrolled = null;
    this.#tester = null;
    return checked;
  }

  async enrol(request: { code: string; kioskId: string }): Promise<Result<SetupEnrolled>> {
    const hubUrl = this.#hubUrl;
    if (hubUrl === null || !this.state().isNeeded) return outOfOrder('enrol');
    const store = memoryStore();
    // Enrolled already under this name (Back, or the spaces' pull failed): the code is spent,
    // the credential it gave is kept.
    const previous = this.#enrolled?.credential;
    if (previous?.kioskId === request.kioskId && previous.hubUrl === hubUrl) store.value = previous;
    const client = createHubClient({
      hubUrl,
      kioskId: request.kioskId,
      enrolmentCode: request.code,
      credentials: store,
      ...(this.#options.fetch === undefined ? {} : { fetch: this.#options.fetch }),
      ...(this.#options.hubTimeoutMs === undefined
        ? {}
        : { timeoutMs: this.#options.hubTimeoutMs }),
    });
    if (store.value === null) {
      const enrolled = await client.enrol();
      if (!enrolled.ok) return err(setupError(enrolled.error));
      this.#options.log?.(`setup: enrolled as ${request.kioskId} for ${enrolled.value.spaceId}`);
      this.#enrolled = { credential: enrolled.value, spaceId: enrolled.value.spaceId };
    }
    const spaceId = store.value?.spaceId ?? '';
    this.#tester = store.value === null ? null : createCardTester(client);
    const spaces = await listSpaces(client);
    if (!spaces.ok) return spaces;
    return ok({ kioskId: request.kioskId, spaceId, spaces: spaces.value });
  }

  /** "Tap any card now" on every serial port and HID reader; the first card names its reader. */
  async learnReader(timeoutMs: number): Promise<Result<SetupLearnt>> {
    if (!this.state().isNeeded) return outOfOrder('readers');
    await this.#stopTest();
    const learnt = await learnTappedReader(timeoutMs, {
      ...(this.#options.readers === undefined ? {} : { serial: this.#options.readers }),
      ...(this.#options.hidReaders === undefined ? {} : { hid: this.#options.hidReaders }),
    });
    if (learnt.ok) {
      const v = learnt.value;
      if (v.source === 'serial') this.#learntSerial = v;
      this.#options.log?.(
        v.source === 'serial'
          ? `setup: learnt a ${v.format} reader on ${v.path}`
          : `setup: learnt a HID reader ${v.reader.vendorId}:${v.reader.productId} (${v.reader.layout})`,
      );
    }
    return learnt;
  }

  /** The test tap on the learnt serial reader: waits for a card, then looks it up. */
  async testTap(timeoutMs: number): Promise<Result<SetupTestTap>> {
    const learnt = this.#learntSerial;
    if (learnt === null || this.#tester === null) return outOfOrder('test');
    await this.#stopTest();
    const stop = new AbortController();
    this.#stopTestTap = stop;
    const run = learnSerialReader(
      timeoutMs,
      {
        ...this.#options.readers,
        list: () => Promise.resolve([]),
        extraPaths: () => [learnt.path],
      },
      stop.signal,
    );
    this.#testTapRun = run;
    const read = await run;
    return read.ok ? this.testCard(read.value.cardId) : read;
  }

  /** Ends a test tap still waiting and waits until its port is closed. */
  async #stopTest(): Promise<void> {
    this.#stopTestTap?.abort();
    await this.#testTapRun;
  }

  /** The test tap of a card heard on the wedge (or read by testTap): a member, or unknown. */
  async testCard(cardId: string): Promise<Result<SetupTestTap>> {
    if (this.#tester === null || !this.state().isNeeded) return outOfOrder('test');
    const found = await this.#tester.lookup(cardId);
    // The outcome only: no card, no name in the log.
    this.#options.log?.(`setup: test tap: ${found.ok ? found.value.result : found.error.code}`);
    return found;
  }

  /**
   * Validates the new config (the kiosk's own schema), then writes the credential and kiosk.json
   * and restarts main. Nothing is written when the config is not valid.
   */
  async finish(input: SetupFinishRequest): Promise<Result<{ configPath: string }>> {
    const enrolled = this.#enrolled;
    if (enrolled === null || this.#isFinished) return outOfOrder('finish');
    await this.#stopTest();
    const request = SetupFinishRequestSchema.parse(input);
    const { credential } = enrolled;
    const current = this.#options.current;
    const candidate = {
      ...(current ?? {}),
      kioskId: credential.kioskId,
      spaceId: credential.spaceId,
      languages: request.languages,
      defaultLang: request.defaultLang,
      hostPinHash: await hashPin(request.pin),
      hub: { url: credential.hubUrl },
      readers: {
        wedge: { ...current?.readers.wedge, ...request.wedge },
        serial: request.serial.map((r, i) => ({
          name: `reader-${i + 1}`,
          path: r.path,
          format: r.format,
        })),
        hid:
          request.hid.length > 0
            ? request.hid.map((r, i) => ({ name: `hid-${i + 1}`, ...r }))
            : (current?.readers.hid ?? []),
      },
    };
    const parsed = parseKioskConfig(candidate);
    if (!parsed.ok) {
      return err({
        code: 'setup-write-failed',
        message: parsed.error.message,
        details: parsed.error.details ?? [],
      });
    }
    try {
      await this.#options.credentials.save(credential);
      await writeAtomically(
        this.#options.location.path,
        `${JSON.stringify(parsed.value, null, 2)}\n`,
      );
    } catch (e) {
      return err({
        code: 'setup-write-failed',
        message: `The kiosk config could not be written: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    this.#isFinished = true;
    this.#options.log?.(`setup: wrote ${this.#options.location.path}; restarting`);
    setImmediate(this.#options.restart);
    return ok({ configPath: this.#options.location.path });
  }
}
