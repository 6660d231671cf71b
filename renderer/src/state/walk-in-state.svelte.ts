import type { CardRead, Lang } from '#shared/domain/types';
import {
  PRIVACY_NOTICE_VERSION,
  validateWalkIn,
  type PurposeKind,
  type WalkInErrors,
} from '#shared/visitor/walk-in-form';
import type { Registration } from '../lib/visitors/visitor-desk';
import type { MemberMatch, VisitorMatch } from '../lib/visitors/visitor-search';
import { SpareCardBinding } from './spare-card.svelte';
import type { BindStatus, WalkInDesk } from './walk-in-desk';
import { liveErrors, ShownErrors } from './walk-in-errors.svelte';
import { WalkInEvent } from './walk-in-event.svelte';
import { walkInInput } from './walk-in-input';
import { edit, type KeyPress } from '../lib/keyboard/edit';
import {
  FIRST_TYPED,
  firstStepWithError,
  QUERY_MIN,
  STEP_FIELDS,
  TYPED_MAX,
  WALK_IN_STEPS,
  type TypedField,
  type WalkInStep,
} from './walk-in-steps';

/**
 * One walk-in registration, from the empty form to the bound spare card. A fresh instance per
 * registration: dropping it (idle timeout, leaving host mode) forgets every field, search and
 * result. The form's language is the visitor's preferred language; the privacy notice version
 * goes with the consent. Submitting is guarded twice against a double tap: `isSubmitting` (the
 * button is disabled) and one submission id per form, which the desk stores once.
 *
 * The form is shown in steps (walk-in-steps.ts); a field's error shows once "Next" or "Register"
 * checked it (ShownErrors). The on-screen keyboard types into `activeField` through `press`, never
 * through synthetic key events. The spare card is bound last (SpareCardBinding).
 */
export class WalkInState {
  firstName = $state('');
  lastName = $state('');
  company = $state('');
  email = $state('');
  phone = $state('');
  country = $state('BE');
  purposeKind = $state<PurposeKind>('coworking');
  consent = $state(false);
  /** The event on now the visitor came for, or "just the workspace" (the visit step). */
  readonly event: WalkInEvent;
  memberQuery = $state('');
  memberResults = $state<MemberMatch[]>([]);
  member = $state<MemberMatch | null>(null);
  returningQuery = $state('');
  returningResults = $state<VisitorMatch[]>([]);
  returning = $state<VisitorMatch | null>(null);
  step = $state<WalkInStep>('who');
  /** The field the on-screen keyboard types into; null hides the keyboard. */
  activeField = $state<TypedField | null>(FIRST_TYPED.who);
  readonly stepIndex = $derived(WALK_IN_STEPS.indexOf(this.step));
  readonly isLastStep = $derived(this.step === WALK_IN_STEPS.at(-1));
  /** "No match" under the member search: a query long enough, no result, nobody picked. */
  readonly memberNoMatch = $derived(
    this.member === null &&
      this.memberQuery.trim().length >= QUERY_MIN &&
      this.memberResults.length === 0,
  );
  /** "No match" under the returning-visitor search. */
  readonly returningNoMatch = $derived(
    this.returning === null &&
      this.returningQuery.trim().length >= QUERY_MIN &&
      this.returningResults.length === 0,
  );
  /** A refusal not tied to a field (the store failed, the returning visitor vanished). */
  problem = $state<string | null>(null);
  isSubmitting = $state(false);
  registration = $state<Registration | null>(null);
  readonly noticeVersion = PRIVACY_NOTICE_VERSION;

  readonly #shown = new ShownErrors(() => this.#liveErrors());
  readonly #card: SpareCardBinding;
  readonly #desk: WalkInDesk;
  readonly #lang: () => Lang;
  readonly #submissionId: string;
  #memberSeq = 0;
  #returningSeq = 0;

  /** `lang` reads the visitor's chosen language (the kiosk's current one) at submit. */
  constructor(desk: WalkInDesk, lang: () => Lang, defaultCountry = 'BE') {
    this.#desk = desk;
    this.#lang = lang;
    this.country = defaultCountry;
    this.#submissionId = crypto.randomUUID();
    this.event = new WalkInEvent(() => desk.eventsOnNow());
    this.#card = new SpareCardBinding(desk);
  }

  /** Each checked field's error, as the form is now. */
  get errors(): WalkInErrors {
    return this.#shown.errors;
  }

  get hasErrors(): boolean {
    return this.#shown.hasErrors;
  }

  /** Where the spare card stands after registration. */
  get bindStatus(): BindStatus {
    return this.#card.status;
  }

  /**
   * Checks the step's fields (their errors show from now on) and moves to the next step when they
   * are valid. Returns whether it moved; on the last step it only checks (submit registers).
   */
  next(): boolean {
    const fields = STEP_FIELDS[this.step];
    this.#shown.reveal(fields);
    const live = this.#liveErrors();
    if (fields.some((f) => live[f] !== undefined) || this.isLastStep) return false;
    this.#goTo(WALK_IN_STEPS[this.stepIndex + 1] ?? this.step);
    return true;
  }

  /** Goes back one step, keeping everything typed; false on the first step. */
  back(): boolean {
    const previous = WALK_IN_STEPS[this.stepIndex - 1];
    if (previous === undefined) return false;
    this.#goTo(previous);
    return true;
  }

  /** Points the on-screen keyboard at `field` (the visitor tapped it), or hides it (null). */
  focus(field: TypedField | null): void {
    this.activeField = field;
  }

  /**
   * One key of the on-screen keyboard into the active field: text appended (within the field's
   * limit) or the last character removed. A search field searches again. Ignored with no field.
   */
  press(key: KeyPress): void {
    const field = this.activeField;
    if (field === null) return;
    const value = edit(this[field], key, TYPED_MAX[field]);
    if (field === 'memberQuery') void this.searchMembers(value);
    else if (field === 'returningQuery') void this.searchReturning(value);
    else this[field] = value;
  }

  /** Searches members to meet from three letters; a slower earlier answer never overwrites. */
  async searchMembers(query: string): Promise<void> {
    this.memberQuery = query;
    this.member = null;
    const seq = ++this.#memberSeq;
    const found = await this.#desk.findMembers(query).catch(() => []);
    if (seq === this.#memberSeq) this.memberResults = found;
  }

  /**
   * Sets why the visitor came; meeting a member puts the keyboard on the member search. Any
   * purpose but `event` drops a chosen event (the visitor is here for the workspace).
   */
  choosePurpose(kind: PurposeKind): void {
    this.purposeKind = kind;
    if (kind !== 'event') this.event.choose(null);
    this.activeField = kind === 'meeting' && this.member === null ? 'memberQuery' : null;
  }

  /**
   * Registers the visitor for an offered event (purpose `event`), or for the workspace alone
   * (null; an `event` purpose falls back to coworking). An id not offered is ignored.
   */
  chooseEvent(id: string | null): void {
    this.event.choose(id);
    if (id !== null && this.event.chosenId === id) this.choosePurpose('event');
    else if (id === null && this.purposeKind === 'event') this.choosePurpose('coworking');
  }

  /** Picks the member the visitor meets; the result list and the keyboard close. */
  chooseMember(match: MemberMatch): void {
    this.member = match;
    this.memberResults = [];
    this.memberQuery = match.displayName;
    if (this.activeField === 'memberQuery') this.activeField = null;
  }

  /** Searches returning visitors from three letters (masked results). */
  async searchReturning(query: string): Promise<void> {
    this.returningQuery = query;
    const seq = ++this.#returningSeq;
    const found = await this.#desk.findVisitors(query).catch(() => []);
    if (seq === this.#returningSeq) this.returningResults = found;
  }

  /**
   * Re-uses a returning visitor: their stored details replace the name and contact fields. The
   * contact fields start empty; what is typed in one replaces the stored value (an update of
   * their details), what is left empty keeps it.
   */
  chooseReturning(match: VisitorMatch): void {
    this.returning = match;
    this.returningResults = [];
    this.returningQuery = '';
    this.firstName = this.lastName = this.company = this.email = this.phone = '';
    this.activeField = null;
  }

  /** Goes back to typing a new visitor. */
  clearReturning(): void {
    this.returning = null;
  }

  /**
   * Validates and stores the walk-in. Resolves true when the visit is stored (then
   * `registration` is set), false with `errors` or `problem` set. A call while one is running
   * resolves false at once. Never rejects.
   */
  async submit(): Promise<boolean> {
    if (this.isSubmitting || this.registration !== null) return false;
    this.isSubmitting = true;
    this.#shown.reveal(WALK_IN_STEPS.flatMap((step) => STEP_FIELDS[step]));
    try {
      const stored = this.returning ? await this.#desk.visitor(this.returning.id) : undefined;
      if (this.returning && !stored) {
        this.problem = 'visitor-not-found';
        return false;
      }
      const checked = validateWalkIn(walkInInput(this, stored, this.#lang(), this.noticeVersion));
      if (!checked.ok) {
        this.#goTo(firstStepWithError(this.errors) ?? this.step);
        return false;
      }
      const reply = await this.#desk.register({
        walkIn: checked.value,
        submissionId: this.#submissionId,
        ...(this.returning ? { returningVisitorId: this.returning.id } : {}),
      });
      if (!reply.ok) {
        this.problem = reply.error.code;
        if (reply.error.code === 'event-not-on') this.#goTo('visit');
        return false;
      }
      this.problem = null;
      this.registration = reply.value;
      return true;
    } catch (e) {
      console.error('walk-in registration failed', e);
      this.problem = 'store-failed';
      return false;
    } finally {
      this.isSubmitting = false;
    }
  }

  /** Every field's error as the form is now (liveErrors). */
  #liveErrors(): WalkInErrors {
    return liveErrors(this, this.#lang(), this.noticeVersion);
  }

  #goTo(step: WalkInStep): void {
    this.step = step;
    if (step === 'visit') this.event.refresh();
    this.activeField = step === 'who' && this.returning ? null : FIRST_TYPED[step];
  }

  /**
   * A reader's burst was dropped (cut short, split, of no card form) while this step shows: the
   * visitor is asked to tap again. Ignored once bound or before registration.
   */
  unreadable(): void {
    if (this.registration !== null) this.#card.unreadable();
  }

  /**
   * Binds the card of `read` to the registered visit (the "tap a spare card" step). Ignored once
   * bound or before registration. Never rejects: a store failure shows as `failed`.
   */
  async bind(read: CardRead): Promise<void> {
    const registration = this.registration;
    if (registration !== null) await this.#card.bind(registration.visit.id, read);
  }
}
