// Typed reads from untrusted JSON: every import format goes through these instead of casts.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Returns `v` as an object, or null when it is not a plain object. */
export function asObject(v: unknown): JsonObject | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
}

/** Returns a non-empty trimmed string field, or null. */
export function str(o: JsonObject | null, key: string): string | null {
  const v = o?.[key];
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Returns a finite number field (numeric strings accepted), or null. */
export function num(o: JsonObject | null, key: string): number | null {
  const v = o?.[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Returns the string items of an array field (other items dropped), or null when absent. */
export function strList(o: JsonObject | null, key: string): string[] | null {
  const v = o?.[key];
  if (!Array.isArray(v)) return null;
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

/** Returns an array field, or an empty array. */
export function list(o: JsonObject | null, key: string): Json[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}
