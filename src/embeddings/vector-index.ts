// Nearest neighbours of unit vectors: an HNSW graph (usearch, f16) for the search, and the vectors themselves, for
// what the graph does not give back: a paper's own vector ("similar papers"), the candidates a user model scores
// ("For you"), small sites' exact search, and rebuilding. Keys in the graph are slot numbers; a paper keeps its slot.
//
// The vectors beside the graph are f16, as the graph's own (2 bytes a dimension against float32's 4): at 1M papers
// of 128 dimensions 256 MB instead of 512 MB. Measured in bench/vector-quantization.ts on the real corpus: int8 with
// a scale per vector (132 MB) lost 1.4-1.5% of recall@10 (exact scan, and similar papers asked with the decoded
// vector), more than the 1% allowed; f16 lost 0.13% (exact scan) and nothing (similar papers) at 167k papers.
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Index, MetricKind, ScalarKind, type Matches } from 'usearch';
import { decodeHalf, encodeHalf, HALF_TO_FLOAT } from './half-float.ts';

export interface VectorHit {
  id: string;
  /** Cosine similarity. */
  score: number;
}

// Graph parameters: usearch's defaults are tuned for speed; a wider search keeps recall near exact at 1M vectors
// for a few tenths of a millisecond more.
export interface GraphParams {
  /** Links per node. */
  connectivity: number;
  /** Candidates considered when linking a new vector (build cost grows with it). */
  expansionAdd: number;
  /** Candidates considered per search. */
  expansionSearch: number;
  /**
   * How the graph keeps its own copy of the vectors: f16, or i8 (half the bytes; its coarser distances only steer
   * the search, the candidates are re-scored from the f16 vectors kept here).
   */
  graphScalar?: 'f16' | 'i8';
}
// Serving: an i8 graph (re-scored from the f16 vectors) built with 64 candidates. Measured by bench/vector-build.ts on
// the 167k real papers (similar papers, recall@10 against an exact float32 scan): f16 graph with 128 candidates
// 0.998 at 335 µs a vector; i8 with 128 0.996 at 257 µs; i8 with 64 0.993 at 151 µs: 3M papers' graph in ~9 min
// instead of ~21, 384 MB smaller, within 1% of the exact scan.
export const DEFAULT_GRAPH: GraphParams = { connectivity: 16, expansionAdd: 64, expansionSearch: 128, graphScalar: 'i8' };
// Up to this many vectors a search scores every one (measured at 128 dimensions: median 1.5 ms, against 0.2 ms
// through the graph and 5 ms for a scan of 20,000): exact, and the same on every instance, where the graph's
// answers depend on how its threads happened to build it.
const EXACT_SEARCH_UP_TO = 5_000;

function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

// Saved files: format 0 kept float32 vectors (read and converted), format 1 keeps the f16 codes.
const FORMAT_F16 = 1;

export class VectorIndex {
  readonly dimensions: number;
  #ann: Index;
  #ids: string[] = [];
  readonly #slots = new Map<string, number>();
  /** The vectors as f16 bits, slot after slot. */
  #codes: Uint16Array;
  /** Slots whose paper has no vector any more (removed, or a zero vector: a text sharing no word with the model). */
  #inGraph: Uint8Array;

  readonly #params: GraphParams;

  /** `params`: the graph's build and search widths (benchmarks compare them; the defaults are what serving uses). */
  constructor(dimensions: number, params: GraphParams = DEFAULT_GRAPH) {
    this.dimensions = dimensions;
    this.#params = params;
    this.#ann = VectorIndex.#graph(dimensions, params);
    this.#codes = new Uint16Array(1024 * dimensions);
    this.#inGraph = new Uint8Array(1024);
  }

  static #graph(dimensions: number, params: GraphParams): Index {
    return new Index({
      dimensions,
      metric: MetricKind.Cos,
      quantization: params.graphScalar === 'i8' ? ScalarKind.I8 : ScalarKind.F16,
      connectivity: params.connectivity,
      expansion_add: params.expansionAdd,
      expansion_search: params.expansionSearch,
      multi: false,
    });
  }

  /** Papers with a vector in the graph. */
  get size(): number {
    return this.#ann.size();
  }

  has(id: string): boolean {
    const s = this.#slots.get(id);
    return s !== undefined && this.#inGraph[s] === 1;
  }

  /** The stored vector of paper `id` (decoded: a new array), or undefined. */
  vectorOf(id: string): Float32Array | undefined {
    const s = this.#slots.get(id);
    if (s === undefined || this.#inGraph[s] !== 1) return undefined;
    return decodeHalf(this.#codes, s * this.dimensions, this.dimensions);
  }

  /** Adds or replaces the vectors of papers (many at once: the graph inserts a batch on all cores). */
  upsertMany(items: { id: string; vector: Float32Array }[]): void {
    const keys: bigint[] = [];
    const batch = new Float32Array(items.length * this.dimensions);
    for (const { id, vector } of items) {
      if (vector.length !== this.dimensions)
        throw new Error(`vector of ${id} has ${vector.length} dimensions, the index ${this.dimensions}`);
      let s = this.#slots.get(id);
      if (s === undefined) {
        s = this.#ids.length;
        this.#ids.push(id);
        this.#slots.set(id, s);
        this.#grow(s + 1);
      } else if (this.#inGraph[s] === 1) {
        this.#ann.remove(BigInt(s));
        this.#inGraph[s] = 0;
      }
      encodeHalf(vector, this.#codes, s * this.dimensions);
      if (isZero(vector)) continue;
      batch.set(vector, keys.length * this.dimensions);
      keys.push(BigInt(s));
      this.#inGraph[s] = 1;
    }
    if (keys.length > 0) this.#ann.add(BigUint64Array.from(keys), batch.subarray(0, keys.length * this.dimensions));
  }

  remove(id: string): void {
    const s = this.#slots.get(id);
    if (s === undefined || this.#inGraph[s] !== 1) return;
    this.#ann.remove(BigInt(s));
    this.#inGraph[s] = 0;
  }

  #grow(slots: number): void {
    if (slots <= this.#inGraph.length) return;
    const cap = Math.max(slots, this.#inGraph.length * 2);
    const codes = new Uint16Array(cap * this.dimensions);
    codes.set(this.#codes);
    this.#codes = codes;
    const g = new Uint8Array(cap);
    g.set(this.#inGraph);
    this.#inGraph = g;
  }

  /**
   * The nearest papers to `query` that `accept` lets through, best first, at most `k`. Asks the graph for more
   * when filters reject many, up to `maxCandidates`.
   */
  search(query: Float32Array, k: number, accept: (id: string) => boolean = () => true, maxCandidates = 4000): VectorHit[] {
    const n = this.size;
    if (n === 0 || k <= 0 || isZero(query)) return [];
    if (n <= EXACT_SEARCH_UP_TO) return this.#exactSearch(query, k, accept);
    let want = Math.min(n, Math.max(k * 2, 32));
    for (;;) {
      const m = this.#ann.search(query, want, 0) as Matches;
      const hits: VectorHit[] = [];
      const rescore = this.#params.graphScalar === 'i8';
      // With an i8 graph every candidate is scored from its f16 vector: all are kept, sorted, then cut to k.
      for (let i = 0; i < m.keys.length && (rescore || hits.length < k); i++) {
        const s = Number(m.keys[i]!);
        const id = this.#ids[s]!;
        if (accept(id)) hits.push({ id, score: rescore ? this.#cosine(query, s) : 1 - m.distances[i]! });
      }
      if (rescore) {
        hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        hits.length = Math.min(hits.length, k);
      }
      // Equal distances come back in graph order, which differs between instances: ties break by paper id.
      if (hits.length >= k || want >= n || want >= maxCandidates)
        return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      want = Math.min(n, want * 4, maxCandidates);
    }
  }

  /** Cosine of `query` and paper `id`'s vector, as search() scores it; undefined without a vector. */
  similarity(id: string, query: Float32Array): number | undefined {
    const s = this.#slots.get(id);
    return s === undefined || this.#inGraph[s] !== 1 || isZero(query) ? undefined : this.#cosine(query, s);
  }

  /** Cosine of `query` and the f16 vector in slot `s`. */
  #cosine(query: Float32Array, s: number): number {
    const d = this.dimensions;
    const half = HALF_TO_FLOAT;
    let dot = 0;
    let qq = 0;
    let vv = 0;
    for (let i = 0, o = s * d; i < d; i++, o++) {
      const x = half[this.#codes[o]!]!;
      dot += x * query[i]!;
      qq += query[i]! * query[i]!;
      vv += x * x;
    }
    return dot / Math.sqrt(qq * vv);
  }

  #exactSearch(query: Float32Array, k: number, accept: (id: string) => boolean): VectorHit[] {
    const d = this.dimensions;
    let qq = 0;
    for (let i = 0; i < d; i++) qq += query[i]! * query[i]!;
    // The best k so far, worst last: most vectors lose to the k-th and cost one comparison.
    const slots: number[] = [];
    const scores: number[] = [];
    const vectors = this.#codes;
    const half = HALF_TO_FLOAT;
    for (let s = 0; s < this.#ids.length; s++) {
      if (this.#inGraph[s] !== 1) continue;
      let dot = 0;
      let vv = 0;
      for (let i = 0, o = s * d; i < d; i++, o++) {
        const x = half[vectors[o]!]!;
        dot += x * query[i]!;
        vv += x * x;
      }
      const score = dot / Math.sqrt(qq * vv);
      if (slots.length === k && score < scores[k - 1]!) continue;
      if (!accept(this.#ids[s]!)) continue;
      let at = slots.length;
      while (at > 0 && (scores[at - 1]! < score || (scores[at - 1] === score && this.#ids[slots[at - 1]!]! > this.#ids[s]!))) at--;
      slots.splice(at, 0, s);
      scores.splice(at, 0, score);
      if (slots.length > k) {
        slots.pop();
        scores.pop();
      }
    }
    return slots.map((s, i) => ({ id: this.#ids[s]!, score: scores[i]! }));
  }

  /** Calls `fn` with each paper's id and vector (decoded into one array reused for every call: copy what you keep). */
  forEach(fn: (id: string, vector: Float32Array) => void): void {
    const scratch = new Float32Array(this.dimensions);
    for (let s = 0; s < this.#ids.length; s++) {
      if (this.#inGraph[s] === 1) fn(this.#ids[s]!, decodeHalf(this.#codes, s * this.dimensions, this.dimensions, scratch));
    }
  }

  /** Bytes held: the vectors (f16), the graph (its own copy, f16 or i8, and links, estimated) and the ids. */
  memoryBytes(): number {
    const n = this.#ids.length;
    const graphCopy = this.#params.graphScalar === 'i8' ? this.dimensions : this.dimensions * 2;
    return this.#codes.byteLength + n * (graphCopy + this.#params.connectivity * 2 * 4 + 16) + n * 60;
  }

  /** Writes the index to `file` (ids, f16 vectors, flags) and `file`.usearch (the graph), each replaced atomically. */
  async save(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const n = this.#ids.length;
    const ids = Buffer.from(this.#ids.join('\n'));
    const head = Buffer.alloc(16);
    head.writeUInt32LE(this.dimensions, 0);
    head.writeUInt32LE(n, 4);
    head.writeUInt32LE(ids.length, 8);
    head.writeUInt32LE(FORMAT_F16, 12);
    const pad = Buffer.alloc((4 - ((16 + ids.length) % 4)) % 4);
    const codes = this.#codes.subarray(0, n * this.dimensions);
    const flags = this.#inGraph.subarray(0, n);
    await writeFile(`${file}.tmp`, Buffer.concat([head, ids, pad, Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength), flags]));
    this.#ann.save(`${file}.usearch.tmp`);
    await rename(`${file}.usearch.tmp`, `${file}.usearch`);
    await rename(`${file}.tmp`, file);
  }

  /** Reads an index written by save() (or by a version that kept float32); throws if the files do not belong together. */
  static async load(file: string): Promise<VectorIndex> {
    const fh = await open(file, 'r');
    // Each part is read straight into the array that keeps it (at 3M papers the vectors are 768 MB: a buffer of
    // the whole file and then a copy held them twice).
    const readAt = async (into: Uint8Array, position: number) => {
      for (let done = 0; done < into.length; ) {
        const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
        if (bytesRead === 0) throw new Error(`${file}: shorter than its header says`);
        done += bytesRead;
      }
    };
    let index: VectorIndex;
    let n: number;
    try {
      const head = Buffer.alloc(16);
      await readAt(head, 0);
      const dimensions = head.readUInt32LE(0);
      n = head.readUInt32LE(4);
      const idsLength = head.readUInt32LE(8);
      const format = head.readUInt32LE(12);
      if (format > FORMAT_F16) throw new Error(`${file}: format ${format} is newer than this version reads`);
      index = new VectorIndex(dimensions);
      const ids = Buffer.alloc(idsLength);
      await readAt(ids, 16);
      index.#ids = idsLength === 0 ? [] : ids.toString('utf8').split('\n');
      if (index.#ids.length !== n) throw new Error(`${file}: expected ${n} ids, found ${index.#ids.length}`);
      let offset = 16 + idsLength;
      offset += (4 - (offset % 4)) % 4;
      const d = dimensions;
      index.#codes = new Uint16Array(Math.max(n, 1024) * d);
      index.#inGraph = new Uint8Array(Math.max(n, 1024));
      if (format === FORMAT_F16) {
        await readAt(new Uint8Array(index.#codes.buffer, 0, n * d * 2), offset);
        offset += n * d * 2;
      } else {
        const vectors = new Float32Array(n * d);
        await readAt(new Uint8Array(vectors.buffer), offset);
        encodeHalf(vectors, index.#codes, 0);
        offset += n * d * 4;
      }
      await readAt(index.#inGraph.subarray(0, n), offset);
    } finally {
      await fh.close();
    }
    index.#ids.forEach((id, s) => {
      index.#slots.set(id, s);
    });
    index.#ann.load(`${file}.usearch`);
    let inGraph = 0;
    for (let s = 0; s < n; s++) inGraph += index.#inGraph[s]!;
    if (index.#ann.size() !== inGraph) throw new Error(`${file}.usearch holds ${index.#ann.size()} vectors, the ids file ${inGraph}`);
    return index;
  }
}
