import type { CardRead, Lang, Visitor } from '#shared/domain/types';
import type { Result } from '#shared/result';
import {
  PRIVACY_NOTICE_VERSION,
  validateWalkIn,
  type PurposeKind,
  type WalkIn,
  type WalkInErrors,
} from '#shared/visitor/walk-in-form';
import type { Registration } from '../lib/visitors/visitor-desk';
import type { MemberMatch, VisitorMatch } from '../lib/visitors/visitor-search';

/** What the walk-in form needs from the desk (VisitorDesk is the real one). */
export interface WalkInDesk {
  findVisitors(query: string): Promise<VisitorMatch[]>;
  findMembers(query: string): Promise<MemberMatch[]>;
  visitor(id: string): Promise<Visitor | undefined>;
  register(input: {
    walkIn: WalkIn;
    submissionId: string;
    returningVisitorId?: string;
  }): Promise<Result<Registration>>;
  bindCard(visitId: string, read: CardRead): Promise<Result<unknown>>;
}

/** A returning visitor's contact field: what was typed, else the stored value. */
function typedOr(typed: string, stored: string | undefined): string | undefined {
  return typed.trim() === '' ? stored : typed;
}

/** Where a registration stands after the form; `read-again`: the reader's read was not whole. */
export type BindStatus =
  'waiting' | 'bound' | 'card-is-member' | 'card-in-use' | 'card-invalid' | 'read-again' | 'failed';

/**
 * One walk-in registration, from the empty form to the bound spare card. A fresh instance per
 * registration: dropping it (idle timeout, leaving host mode) forgets every field, search and
 * result. The form's language is the visitor's preferred language; the privacy notice version
 * goes with the consent. Submitting is guarded twice against a double tap: `isSubmitting` (the
 * button is disabled) and one submission id per form, which the desk stores once.
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
  memberQuery = $state('');
  memberResults = $state<MemberMatch[]>([]);
  member = $state<MemberMatch | null>(null);
  returningQuery = $state('');
  returningResults = $state<VisitorMatch[]>([]);
  returning = $state<VisitorMatch | null>(null);
  errors = $state<WalkInErrors>({});
  /** A refusal not tied to a field (the store failed, the returning visitor vanished). */
  problem = $state<string | null>(null);
  isSubmitting = $state(false);
  registration = $state<Registration | null>(null);
  bindStatus = $state<BindStatus>('waiting');
  readonly noticeVersion = PRIVACY_NOTICE_VERSION;
  readonly hasErrors = $derived(Object.keys(this.errors).length > 0);

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
  }

  /** Searches members to meet from three letters; a slower earlier answer never overwrites. */
  async searchMembers(query: string): Promise<void> {
    this.memberQuery = query;
    this.member = null;
    const seq = ++this.#memberSeq;
    const found = await this.#desk.findMembers(query).catch(() => []);
    if (seq === this.#memberSeq) this.memberResults = found;
  }

  /** Picks the member the visitor meets; the result list closes. */
  chooseMember(match: MemberMatch): void {
    this.member = match;
    this.memberResults = [];
    this.memberQuery = match.displayName;
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
    this.errors = {};
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
    try {
      const stored = this.returning ? await this.#desk.visitor(this.returning.id) : undefined;
      if (this.returning && !stored) {
        this.problem = 'visitor-not-found';
        return false;
      }
      const checked = validateWalkIn({
        firstName: stored?.firstName ?? this.firstName,
        lastName: stored?.lastName ?? this.lastName,
        company: stored ? typedOr(this.company, stored.company) : this.company,
        email: stored ? typedOr(this.email, stored.email) : this.email,
        phone: stored ? typedOr(this.phone, stored.phone) : this.phone,
        country: this.country,
        preferredLang: this.#lang(),
        purpose:
          this.purposeKind === 'meeting'
            ? { kind: 'meeting', memberId: this.member?.id ?? '' }
            : { kind: this.purposeKind },
        consent: this.consent,
        consentVersion: this.noticeVersion,
      });
      if (!checked.ok) {
        this.errors = checked.error;
        return false;
      }
      this.errors = {};
      const reply = await this.#desk.register({
        walkIn: checked.value,
        submissionId: this.#submissionId,
        ...(this.returning ? { returningVisitorId: this.returning.id } : {}),
      });
      if (!reply.ok) {
        this.problem = reply.error.code;
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

  /**
   * Binds the card of `read` to the registered visit (the "tap a spare card" step). Ignored once
   * bound or before registration. Never rejects: a store failure shows as `failed`.
   */
  /**
   * A reader's burst was dropped (cut short, split, of no card form) while this step shows: the
   * visitor is asked to tap again. Ignored once bound or before registration.
   */
  unreadable(): void {
    if (this.registration === null || this.bindStatus === 'bound') return;
    this.bindStatus = 'read-again';
  }

  async bind(read: CardRead): Promise<void> {
    const registration = this.registration;
    if (registration === null || this.bindStatus === 'bound') return;
    try {
      const reply = await this.#desk.bindCard(registration.visit.id, read);
      if (reply.ok) this.bindStatus = 'bound';
      else if (
        reply.error.code === 'card-is-member' ||
        reply.error.code === 'card-in-use' ||
        reply.error.code === 'card-invalid'
      ) {
        this.bindStatus = reply.error.code;
      } else this.bindStatus = 'failed';
    } catch (e) {
      console.error('card binding failed', e);
      this.bindStatus = 'failed';
    }
  }
}
