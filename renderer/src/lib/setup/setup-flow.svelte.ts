import type { Lang } from '#shared/domain/types';
import type { KioskApi } from '#shared/ipc/contract';
import type {
  SetupEnrolled,
  SetupLearntHid,
  SetupLearntSerial,
  SetupState,
  SetupTestTap,
} from '#shared/ipc/setup';
import type { WedgeLearnt } from './wedge-learner';

/** The setup's steps, in order (docs/decisions/0042). */
export const SETUP_STEPS = [
  'lang',
  'hub',
  'code',
  'space',
  'pin',
  'readers',
  'test',
  'done',
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

/** The text fields the on-screen keyboard can type into. */
export type SetupField = 'hubUrl' | 'code' | 'kioskId';

const FIELD_MAX: Record<SetupField, number> = { hubUrl: 200, code: 20, kioskId: 40 };
const PIN_PATTERN = /^\d{4,12}$/;

type TestReply = { ok: true; value: SetupTestTap } | { ok: false; error: { code: string } };

function testProblemOf(code: string): 'no-card' | 'hub-down' | 'failed' {
  if (code === 'setup-no-card') return 'no-card';
  return code === 'setup-hub-unreachable' ? 'hub-down' : 'failed';
}

/**
 * The setup screens' state: the step, what each step gathered, the last error's code (put into
 * words by the screen, with a way back), and the calls to main (`api.setup`). Main keeps the
 * enrolment and writes nothing before `finish`.
 */
export class SetupFlow {
  step = $state<SetupStep>('lang');
  lang = $state<Lang>('fr');
  hubUrl = $state('https://');
  code = $state('');
  kioskId = $state('');
  activeField = $state<SetupField>('hubUrl');
  enrolled = $state<SetupEnrolled | null>(null);
  pin = $state('');
  pinAgain = $state('');
  pinStage = $state<'first' | 'again'>('first');
  pinMismatch = $state(false);
  serial = $state<SetupLearntSerial | null>(null);
  hid = $state<SetupLearntHid | null>(null);
  wedge = $state<WedgeLearnt | null>(null);
  isListening = $state(false);
  errorCode = $state<string | null>(null);
  isBusy = $state(false);
  /** The test tap's last answer (decision 0043); null before a tap. */
  testResult = $state<SetupTestTap | null>(null);
  /** Why the last test tap gave no answer: no card in time, or the hub is down. */
  testProblem = $state<'no-card' | 'hub-down' | 'failed' | null>(null);
  /** How many test taps main is answering (a serial wait and a wedge card may overlap). */
  testsPending = $state(0);
  #testSeq = 0;
  readonly reason: SetupState['reason'];

  readonly #api: KioskApi;
  readonly #applyLang: (lang: Lang) => void;

  constructor(api: KioskApi, reason: SetupState['reason'], applyLang: (lang: Lang) => void) {
    this.#api = api;
    this.reason = reason;
    this.#applyLang = applyLang;
  }

  readonly space = $derived(
    this.enrolled?.spaces.find((s) => s.id === this.enrolled?.spaceId) ?? null,
  );

  chooseLang(lang: Lang): void {
    this.lang = lang;
    this.#applyLang(lang);
    this.#go('hub', 'hubUrl');
  }

  #go(step: SetupStep, field?: SetupField): void {
    this.step = step;
    this.errorCode = null;
    if (field !== undefined) this.activeField = field;
  }

  /** One step back (the "Back" button and the way back from an error). */
  back(): void {
    const i = SETUP_STEPS.indexOf(this.step);
    const previous = SETUP_STEPS[Math.max(0, i - 1)] ?? 'lang';
    this.#go(previous, previous === 'code' ? 'code' : previous === 'hub' ? 'hubUrl' : undefined);
    this.testResult = null;
    this.testProblem = null;
    this.pin = '';
    this.pinAgain = '';
    this.pinStage = 'first';
  }

  type(text: string): void {
    const field = this.activeField;
    const next = this[field] + text;
    if (Array.from(next).length <= FIELD_MAX[field]) this[field] = next;
    this.errorCode = null;
  }

  backspace(): void {
    const field = this.activeField;
    this[field] = Array.from(this[field]).slice(0, -1).join('');
  }

  async #call<T>(
    run: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>,
  ): Promise<T | null> {
    this.isBusy = true;
    this.errorCode = null;
    try {
      const reply = await run();
      if (reply.ok) return reply.value;
      this.errorCode = reply.error.code;
      return null;
    } catch {
      this.errorCode = 'setup-failed';
      return null;
    } finally {
      this.isBusy = false;
    }
  }

  async submitHub(): Promise<void> {
    const checked = await this.#call(() =>
      this.#api.setup.checkHub({ hubUrl: this.hubUrl.trim() }),
    );
    if (checked !== null) {
      this.hubUrl = checked.hubUrl;
      this.#go('code', 'code');
    }
  }

  async submitCode(): Promise<void> {
    const enrolled = await this.#call(() =>
      this.#api.setup.enrol({ code: this.code.trim(), kioskId: this.kioskId.trim() }),
    );
    if (enrolled !== null) {
      this.enrolled = enrolled;
      this.#go('space');
    }
  }

  confirmSpace(): void {
    this.#go('pin');
  }

  pressDigit(digit: string): void {
    const field = this.pinStage === 'first' ? 'pin' : 'pinAgain';
    if (this[field].length < 12) this[field] += digit;
    this.pinMismatch = false;
  }

  pinBackspace(): void {
    const field = this.pinStage === 'first' ? 'pin' : 'pinAgain';
    this[field] = this[field].slice(0, -1);
  }

  pinClear(): void {
    if (this.pinStage === 'first') this.pin = '';
    else this.pinAgain = '';
  }

  readonly canSubmitPin = $derived(
    PIN_PATTERN.test(this.pinStage === 'first' ? this.pin : this.pinAgain),
  );

  /** First entry, then the same again; a mismatch starts both over. */
  submitPin(): void {
    if (this.pinStage === 'first') {
      this.pinStage = 'again';
      return;
    }
    if (this.pin !== this.pinAgain) {
      this.pin = '';
      this.pinAgain = '';
      this.pinStage = 'first';
      this.pinMismatch = true;
      return;
    }
    this.#go('readers');
  }

  /** "Tap any card now" on the serial and HID readers; the wedge is heard by the screen meanwhile. */
  async listenReaders(timeoutMs = 20_000): Promise<void> {
    this.isListening = true;
    try {
      const learnt = await this.#call(() => this.#api.setup.learnReader({ timeoutMs }));
      if (learnt?.source === 'serial') this.serial = learnt;
      if (learnt?.source === 'hid') this.hid = learnt;
    } finally {
      this.isListening = false;
    }
  }

  /** A wedge burst learnt by the screen while it listens. */
  learnWedge(learnt: WedgeLearnt): void {
    this.wedge = learnt;
    this.errorCode = null;
  }

  /** On to "tap a card to test"; with a serial reader learnt, main listens on it at once. */
  toTest(): void {
    this.#go('test');
    this.testResult = null;
    this.testProblem = null;
    if (this.serial !== null) void this.testSerial();
  }

  /** Only the answer to the latest tap started shows (a serial wait may end after a wedge card). */
  async #test(run: () => Promise<TestReply>): Promise<void> {
    const seq = ++this.#testSeq;
    this.testsPending += 1;
    let reply: TestReply;
    try {
      reply = await run();
    } catch {
      reply = { ok: false, error: { code: 'setup-failed' } };
    } finally {
      this.testsPending -= 1;
    }
    if (this.step !== 'test' || seq !== this.#testSeq) return;
    this.testResult = reply.ok ? reply.value : null;
    this.testProblem = reply.ok ? null : testProblemOf(reply.error.code);
  }

  /** Waits for a tap on the learnt serial reader; main looks the card up in the hub's members. */
  testSerial(timeoutMs = 20_000): Promise<void> {
    this.testResult = null;
    this.testProblem = null;
    return this.#test(() => this.#api.setup.testTap({ timeoutMs }));
  }

  /** A card the test step heard on the wedge. */
  testWedge(cardId: string): Promise<void> {
    return this.#test(() => this.#api.setup.testCard({ cardId }));
  }

  /** Writes the config through main, which restarts the kiosk on it. */
  async finish(): Promise<void> {
    const space = this.space;
    const languages = (space?.languages ?? ['fr', 'nl', 'en']).filter(
      (l): l is Lang => l === 'fr' || l === 'nl' || l === 'en',
    );
    const done = await this.#call(() =>
      this.#api.setup.finish({
        languages: languages.length > 0 ? languages : ['fr', 'nl', 'en'],
        defaultLang: languages.includes(this.lang) ? this.lang : (languages[0] ?? 'fr'),
        pin: this.pin,
        serial:
          this.serial === null ? [] : [{ path: this.serial.path, format: this.serial.format }],
        hid: this.hid === null ? [] : [this.hid.reader],
        wedge: { prefix: this.wedge?.prefix ?? '', suffix: this.wedge?.suffix ?? '' },
      }),
    );
    if (done !== null) this.#go('done');
  }

  /** Leaves a re-run setup without change (a first run cannot). */
  async cancel(): Promise<boolean> {
    const state = await this.#call(() => this.#api.setup.cancel());
    return state !== null && !state.isNeeded;
  }
}
