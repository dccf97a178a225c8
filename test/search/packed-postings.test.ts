// Packed posting lists give back exactly what was packed, and a cursor over a packed list followed by an appended
// one walks and seeks as a plain sorted array does: across block boundaries, to the last posting, past the end,
// with gaps of every byte length (1 to 5 bytes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK, decodeList, packFlat, PostingsWriter } from '../../src/search/packed-postings.ts';
import { END, GrowingList, PostingCursor } from '../../src/search/postings.ts';

let seed = 11;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** Sorted distinct documents, gaps of mixed sizes up to `maxGap`. */
function list(n: number, maxGap: number): number[] {
  const out: number[] = [];
  let d = Math.floor(rand() * 10);
  for (let i = 0; i < n; i++) {
    out.push(d);
    d += 1 + Math.floor(rand() ** 3 * maxGap);
  }
  return out;
}

test('packing keeps every list exactly, whatever the gaps', () => {
  const lists = [[], [0], [5, 6], list(BLOCK, 3), list(BLOCK + 1, 300), list(5 * BLOCK + 17, 70_000), [0, 2 ** 31], list(1000, 2 ** 22)];
  const w = new PostingsWriter(lists.length, 10);
  for (const l of lists) {
    w.startTerm();
    for (const d of l) w.add(d);
  }
  const p = w.finish();
  lists.forEach((l, t) => {
    const out = new Uint32Array(l.length);
    decodeList(p, p.termBlocks[t]!, l.length, out);
    assert.deepEqual([...out], l, `list ${t}`);
    assert.equal(p.termBlocks[t + 1]! - p.termBlocks[t]!, Math.ceil(l.length / BLOCK));
  });
  // The flat form (format-1 snapshots) packs to the same bytes.
  const starts = new Uint32Array(lists.length + 1);
  for (const [t, l] of lists.entries()) starts[t + 1] = starts[t]! + l.length;
  const flat = packFlat(starts, Uint32Array.from(lists.flat()));
  assert.deepEqual(flat, p);
});

test('a cursor walks and seeks a packed list and its appended part as a sorted array', () => {
  for (const [n, tailN, maxGap] of [
    [0, 5, 10],
    [1, 0, 10],
    [BLOCK, 0, 5],
    [BLOCK * 3 + 1, 40, 50],
    [2000, 0, 1000],
    [700, 300, 2],
  ] as const) {
    const all = list(n + tailN, maxGap);
    const base = all.slice(0, n);
    const w = new PostingsWriter(1, n);
    w.startTerm();
    for (const d of base) w.add(d);
    const packed = w.finish();
    const freqs = Uint8Array.from(base, (d) => d % 251);
    const tail = new GrowingList();
    for (const d of all.slice(n)) tail.push(d, d % 251);
    const open = () => new PostingCursor(packed, freqs, { block: 0, count: n, start: 0 }, tail);
    // Walking: every document with its frequency.
    const c = open();
    const seen: number[] = [];
    for (; c.doc !== END; c.next()) {
      assert.equal(c.freq, c.doc % 251);
      seen.push(c.doc);
    }
    assert.deepEqual(seen, all);
    // Seeking forward by random steps, and to exact documents, block firsts and lasts, past the end.
    for (let round = 0; round < 20; round++) {
      const s = open();
      let target = 0;
      const last = all.at(-1) ?? 0;
      while (target <= last + 2) {
        s.seek(target);
        const want = all.find((d) => d >= target) ?? END;
        assert.equal(s.doc, want, `n=${n} tail=${tailN} seek ${target}`);
        if (want !== END) assert.equal(s.freq, want % 251);
        if (round % 2 === 0 && rand() < 0.3 && want !== END) {
          s.next();
          target = s.doc === END ? last + 3 : s.doc;
          continue;
        }
        target += 1 + Math.floor(rand() ** 2 * maxGap * (round < 10 ? 3 : 300));
      }
      s.seek(last + 5);
      assert.equal(s.doc, END);
    }
  }
});
