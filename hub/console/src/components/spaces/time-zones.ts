/**
 * The IANA time zones this browser knows, sorted, with `current` added when the browser's list
 * lacks it (a zone the hub accepted stays selectable, so opening the form never changes it).
 */
export function timeZones(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return (known.includes(current) || current === '' ? [...known] : [...known, current]).sort();
}
