// A 32-bit FNV-1a hash over a list of strings (each followed by a separator, so ["ab", "c"] and ["a", "bc"]
// differ): cheap change detection for texts, where a rare collision only costs a skipped re-index.

export function fnv1a(parts: Iterable<string>): number {
  let h = 0x811c9dc5;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return h | 0;
}
