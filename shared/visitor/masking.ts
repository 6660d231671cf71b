/**
 * Masked display of a returning visitor's identity, so a name typed at the desk does not reveal
 * someone else's details to whoever stands there: the first name in full, one letter of the last
 * name (`Marie D…`), and one letter of each side of an email (`m***@e…`).
 */

const ELLIPSIS = '…';

function firstChar(s: string): string {
  // Code points, not UTF-16 units: an accented or astral first letter stays whole.
  return Array.from(s.trim())[0] ?? '';
}

/**
 * `Marie D…` for Marie Dupont: the first name (trimmed, at most 40 characters, then `…`) and the
 * first character of the last name followed by `…`. Never throws; an empty last name shows no
 * initial, an empty first name shows only the initial.
 */
export function maskName(firstName: string, lastName: string): string {
  const first = Array.from(firstName.trim());
  const shown = first.length > 40 ? `${first.slice(0, 40).join('')}${ELLIPSIS}` : first.join('');
  const initial = firstChar(lastName);
  const last = initial === '' ? '' : `${initial}${ELLIPSIS}`;
  return [shown, last].filter((s) => s !== '').join(' ');
}

/**
 * `m***@e…` for marie.dupont@example.com: the first character of the local part, `***`, `@`, the
 * first character of the domain and `…`. Never throws; a string without `@` shows only its first
 * character and `***`; an empty string gives ''.
 */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed === '') return '';
  const at = trimmed.lastIndexOf('@');
  const local = at < 0 ? trimmed : trimmed.slice(0, at);
  const domain = at < 0 ? '' : trimmed.slice(at + 1);
  const head = `${firstChar(local)}***`;
  return at < 0 ? head : `${head}@${firstChar(domain)}${ELLIPSIS}`;
}
