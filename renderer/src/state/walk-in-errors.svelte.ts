import { SvelteSet } from 'svelte/reactivity';
import type { Lang } from '#shared/domain/types';
import { validateWalkIn, type WalkInErrors, type WalkInField } from '#shared/visitor/walk-in-form';
import { walkInInput, type WalkInFields } from './walk-in-input';

/**
 * Every field's error as the walk-in form is now. A returning visitor's name is stored, not typed,
 * and an empty contact field keeps the stored value, so neither is an error here.
 */
export function liveErrors(
  form: WalkInFields & { returning: unknown },
  lang: Lang,
  noticeVersion: string,
): WalkInErrors {
  const checked = validateWalkIn(walkInInput(form, undefined, lang, noticeVersion));
  if (checked.ok) return {};
  const errors = { ...checked.error };
  if (form.returning !== null) {
    delete errors.firstName;
    delete errors.lastName;
  }
  return errors;
}

/**
 * Which of the form's errors show. A field's error shows once "Next" or "Register" checked it
 * (`reveal`), and from then on follows the field as it is now (`live`): it clears the moment the
 * field is valid (the consent error when the box is ticked).
 */
export class ShownErrors {
  /** The fields whose errors show (checked by Next or Register). */
  readonly #checked = new SvelteSet<WalkInField>();
  readonly #live: () => WalkInErrors;
  /** Each checked field's error, as the form is now. */
  readonly errors = $derived.by((): WalkInErrors => {
    const live = this.#live();
    const shown: WalkInErrors = {};
    for (const field of this.#checked) {
      const code = live[field];
      if (code !== undefined) shown[field] = code;
    }
    return shown;
  });
  readonly hasErrors = $derived(Object.keys(this.errors).length > 0);

  /** `live` gives every field's error as the form is now (liveErrors). */
  constructor(live: () => WalkInErrors) {
    this.#live = live;
  }

  /** Shows the errors of `fields` from now on. */
  reveal(fields: readonly WalkInField[]): void {
    for (const field of fields) this.#checked.add(field);
  }
}
