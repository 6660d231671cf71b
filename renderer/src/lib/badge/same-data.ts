/**
 * True when two values hold the same data: primitives equal, arrays element by element, objects
 * key by key whatever the key order, a key holding `undefined` counting as absent. For records as
 * stored (no cycles, no class instances); never throws.
 */
export function isSameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>): string[] =>
    Object.keys(o).filter((k) => o[k] !== undefined);
  const leftKeys = keys(left);
  return (
    leftKeys.length === keys(right).length &&
    leftKeys.every((k) => Object.hasOwn(right, k) && isSameData(left[k], right[k]))
  );
}
