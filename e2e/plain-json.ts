/**
 * `value` as JSON when parsing it back gives an identical value: only plain objects and arrays
 * (each reached once: a shared or cyclic reference keeps its identity only in structured clone),
 * strings, booleans, null and finite numbers other than -0, no undefined anywhere (a property set
 * to undefined survives structured clone but not JSON), no hole in an array. Otherwise undefined,
 * and the value takes the exact but slow path. Checked by a walk of its own, then stringified
 * without a replacer: a replacer is a call back into JavaScript for every value, which took a
 * tenth of the renderer's time in a 100 000-visit push (bench:sync). Self-contained, no inner
 * functions: its source is also installed in the page.
 */
export function plainJson(value: unknown): string | undefined {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) continue;
      return undefined;
    }
    // undefined, a function, a symbol or a BigInt: JSON drops, changes or refuses it.
    if (typeof v !== 'object' || seen.has(v)) return undefined;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) {
        if (!(i in v)) return undefined;
        stack.push(v[i]);
      }
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) stack.push(record[key]);
  }
  return JSON.stringify(value);
}
