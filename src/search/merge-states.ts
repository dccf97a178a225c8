// One index state from several built apart (the build threads of parallel-build.ts, each over its share of the
// papers): documents numbered one part after another, terms united, each term's list the parts' lists in part
// order (so still sorted: a later part's documents all come after an earlier part's). Results do not depend on
// how documents are numbered (ties break by paper id), so the merged index answers as one built in one go.
import type { DocColumns } from './doc-table.ts';
import type { IndexState } from './index-types.ts';
import { decodeList, PostingsWriter } from './packed-postings.ts';

function concat<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(parts: T[]): T {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new (parts[0]!.constructor as new (n: number) => T)(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concatDocs(parts: DocColumns[]): DocColumns {
  const ids: string[] = [];
  for (const p of parts) for (const id of p.ids) ids.push(id);
  return {
    ids,
    lengths: concat(parts.map((p) => p.lengths)),
    published: concat(parts.map((p) => p.published)),
    daily: concat(parts.map((p) => p.daily)),
    upvotes: concat(parts.map((p) => p.upvotes)),
    flags: concat(parts.map((p) => p.flags)),
    modified: concat(parts.map((p) => p.modified)),
    textHash: concat(parts.map((p) => p.textHash)),
  };
}

/** Merges compacted states (every posting in the base segment, pruning bounds included). */
export function mergeStates(parts: IndexState[]): IndexState {
  if (parts.length === 1) return parts[0]!;
  // Term ids of the merged index: the first part's, then each new term in order of appearance.
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const local: Int32Array[] = []; // per part: merged term id -> the part's term id, or -1
  const toMerged = parts.map((p) =>
    Int32Array.from(p.terms, (t) => {
      let m = ids.get(t);
      if (m === undefined) {
        m = terms.length;
        terms.push(t);
        ids.set(t, m);
      }
      return m;
    }),
  );
  for (const [i, p] of parts.entries()) {
    const back = new Int32Array(terms.length).fill(-1);
    toMerged[i]!.forEach((m, t) => {
      back[m] = t;
    });
    local.push(back);
    if (!p.bounds) throw new Error('mergeStates needs the pruning bounds of every part');
  }
  const total = parts.reduce((s, p) => s + p.baseFreqs.length, 0);
  const writer = new PostingsWriter(terms.length, total);
  const freqs = new Uint8Array(total);
  const starts = new Uint32Array(terms.length + 1);
  const maxFreq = new Uint8Array(terms.length);
  const minLength = new Uint16Array(terms.length).fill(65535);
  const offsets = parts.map((_, i) => parts.slice(0, i).reduce((s, p) => s + p.docs.ids.length, 0));
  let longest = 0;
  for (const p of parts)
    for (let t = 0; t + 1 < p.baseStart.length; t++) longest = Math.max(longest, p.baseStart[t + 1]! - p.baseStart[t]!);
  const scratch = new Uint32Array(longest);
  let at = 0;
  for (let m = 0; m < terms.length; m++) {
    starts[m] = at;
    writer.startTerm();
    for (const [i, p] of parts.entries()) {
      const t = local[i]![m]!;
      if (t < 0 || t + 1 >= p.baseStart.length) continue;
      const start = p.baseStart[t]!;
      const count = p.baseStart[t + 1]! - start;
      if (count === 0) continue;
      decodeList(p.packed, p.packed.termBlocks[t]!, count, scratch);
      const offset = offsets[i]!;
      for (let j = 0; j < count; j++) writer.add(scratch[j]! + offset);
      freqs.set(p.baseFreqs.subarray(start, start + count), at);
      at += count;
      if (p.bounds!.maxFreq[t]! > maxFreq[m]!) maxFreq[m] = p.bounds!.maxFreq[t]!;
      if (p.bounds!.minLength[t]! < minLength[m]!) minLength[m] = p.bounds!.minLength[t]!;
    }
  }
  starts[terms.length] = at;
  return {
    docs: concatDocs(parts.map((p) => p.docs)),
    terms,
    baseStart: starts,
    packed: writer.finish(),
    baseFreqs: freqs,
    bounds: { maxFreq, minLength },
  };
}
