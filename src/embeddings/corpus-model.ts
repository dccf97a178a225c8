// The default embedding model, learnt from the site's own papers: no download, no network. Latent semantic
// analysis: TF-IDF vectors of the search analyzer's terms (stemmed words of title and abstract, categories),
// reduced by a truncated SVD to `dimensions` topics. Papers that share no word but share vocabulary with the same
// papers end up close ("draft tree" near "speculative decoding"), which is what keyword search misses. The topic
// vectors are then trained on the papers' own (title, abstract) pairs (pair-training.ts), so a short description
// lands near the paper it describes.
// A fitted model is frozen: new papers are projected onto it (folding-in, microseconds a paper) and the model is
// refitted now and then as the corpus grows (see embedding-worker.ts), never per paper.
import { AUTHOR_PREFIX, documentTerms, forEachTerm, type IndexableText } from '../core/analyze.ts';
import { truncatedSvd, type SparseRows } from './linear-algebra.ts';
import { DEFAULT_PAIR_TRAINING, trainOnPairs, type PairTrainingOptions } from './pair-training.ts';

export interface CorpusModelOptions {
  dimensions: number;
  /** Terms in fewer papers than this are left out: they are too rare to place in topic space. */
  minDocumentFrequency: number;
  /** At most this many terms (the most frequent) make the vocabulary; bounds the model's size. */
  maxVocabulary: number;
  /** Train the LSA vectors further on the papers' (title, abstract) pairs (pair-training.ts); null: plain LSA. */
  pairTraining: PairTrainingOptions | null;
}

export const DEFAULT_CORPUS_OPTIONS: CorpusModelOptions = {
  dimensions: 128,
  minDocumentFrequency: 2,
  maxVocabulary: 60_000,
  pairTraining: DEFAULT_PAIR_TRAINING,
};

const FORMAT = 'dailypapers-lsa-1';

/** Term weights of one text: sublinear term frequency, as in arxiv-sanity's TF-IDF. */
function termCounts(doc: IndexableText): Map<string, number> {
  const { freqs } = documentTerms(doc);
  // Author names are who wrote it, not what it is about; they would pull a group's papers together whatever the topic.
  for (const t of freqs.keys()) if (t.startsWith(AUTHOR_PREFIX)) freqs.delete(t);
  return freqs;
}

function queryCounts(text: string): Map<string, number> {
  const freqs = new Map<string, number>();
  forEachTerm(text, 0, (t) => freqs.set(t, (freqs.get(t) ?? 0) + 1));
  return freqs;
}

export class CorpusModel {
  readonly dimensions: number;
  /** How many papers the model was fitted on. */
  readonly fittedOn: number;
  readonly #termIndex = new Map<string, number>();
  readonly #terms: string[];
  readonly #idf: Float32Array;
  /** vocabulary x dimensions, row-major; columns past the fitted rank are zero. */
  readonly #components: Float32Array;

  private constructor(terms: string[], idf: Float32Array, components: Float32Array, dimensions: number, fittedOn: number) {
    this.#terms = terms;
    this.#idf = idf;
    this.#components = components;
    this.dimensions = dimensions;
    this.fittedOn = fittedOn;
    terms.forEach((t, i) => {
      this.#termIndex.set(t, i);
    });
  }

  get vocabularySize(): number {
    return this.#terms.length;
  }

  /** Fits a model on `papers` (a sample of the corpus; deterministic for the same papers in the same order). */
  static fit(papers: Iterable<IndexableText>, opts: CorpusModelOptions = DEFAULT_CORPUS_OPTIONS): CorpusModel {
    const docs: Map<string, number>[] = [];
    const df = new Map<string, number>();
    const list = [...papers];
    for (const p of list) {
      const counts = termCounts(p);
      docs.push(counts);
      for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    }
    // A handful of papers (a new site) has few repeated words: keep them all rather than fit on nothing.
    const minDf = docs.length < 50 ? 1 : opts.minDocumentFrequency;
    const terms = [...df]
      .filter(([, n]) => n >= minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.maxVocabulary)
      .map(([t]) => t)
      .sort();
    const index = new Map(terms.map((t, i) => [t, i]));
    const idf = new Float32Array(terms.length);
    terms.forEach((t, i) => {
      idf[i] = Math.log((docs.length + 1) / (df.get(t)! + 1)) + 1;
    });
    const rowStart = new Uint32Array(docs.length + 1);
    const cols: number[] = [];
    const vals: number[] = [];
    docs.forEach((counts, i) => {
      const row = weightedRow(counts, index, idf);
      for (const [c, v] of row) {
        cols.push(c);
        vals.push(v);
      }
      rowStart[i + 1] = cols.length;
    });
    const matrix: SparseRows = {
      rows: docs.length,
      cols: terms.length,
      rowStart,
      colIndex: Uint32Array.from(cols),
      values: Float32Array.from(vals),
    };
    const svd = truncatedSvd(matrix, opts.dimensions);
    let components: Float32Array = new Float32Array(terms.length * opts.dimensions);
    for (let t = 0; t < terms.length; t++)
      for (let j = 0; j < svd.k; j++) components[t * opts.dimensions + j] = svd.components[t * svd.k + j]!;
    if (opts.pairTraining) {
      // A title as the query, the rest of its paper as the document: the rows the model will embed them by.
      const pairs = list.map((p) => ({
        query: toRow(weightedRow(queryCounts(p.title), index, idf)),
        doc: toRow(weightedRow(termCounts({ ...p, title: '' }), index, idf)),
      }));
      components = trainOnPairs(components, opts.dimensions, pairs, opts.pairTraining).components;
    }
    return new CorpusModel(terms, idf, components, opts.dimensions, docs.length);
  }

  /** A unit-length vector for a paper (zero when it shares no term with the vocabulary). */
  embedPaper(paper: IndexableText): Float32Array {
    return this.#project(termCounts(paper));
  }

  /** A unit-length vector for a query or a topic. */
  embedQuery(text: string): Float32Array {
    return this.#project(queryCounts(text));
  }

  #project(counts: Map<string, number>): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(d);
    let norm = 0;
    for (const [c, v] of weightedRow(counts, this.#termIndex, this.#idf)) {
      norm += v * v;
      const o = c * d;
      for (let j = 0; j < d; j++) out[j]! += v * this.#components[o + j]!;
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += out[j]! * out[j]!;
    if (s > 0 && norm > 0) for (let j = 0; j < d; j++) out[j]! /= Math.sqrt(s);
    return out;
  }

  /** The model as bytes (stored in PostgreSQL so every instance embeds queries with the same model). */
  serialize(): Buffer {
    const header = Buffer.from(
      JSON.stringify({ format: FORMAT, dimensions: this.dimensions, fittedOn: this.fittedOn, terms: this.#terms.length }),
    );
    const terms = Buffer.from(this.#terms.join('\n'));
    const head = Buffer.alloc(8);
    head.writeUInt32LE(header.length, 0);
    head.writeUInt32LE(terms.length, 4);
    const pad = Buffer.alloc((4 - ((8 + header.length + terms.length) % 4)) % 4);
    return Buffer.concat([
      head,
      header,
      terms,
      pad,
      Buffer.from(this.#idf.buffer, this.#idf.byteOffset, this.#idf.byteLength),
      Buffer.from(this.#components.buffer, this.#components.byteOffset, this.#components.byteLength),
    ]);
  }

  static deserialize(bytes: Uint8Array): CorpusModel {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = buf.readUInt32LE(0);
    const termsLength = buf.readUInt32LE(4);
    const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8')) as {
      format: string;
      dimensions: number;
      fittedOn: number;
      terms: number;
    };
    if (header.format !== FORMAT) throw new Error(`unknown corpus model format ${header.format}`);
    const termText = buf.subarray(8 + headerLength, 8 + headerLength + termsLength).toString('utf8');
    const terms = header.terms === 0 ? [] : termText.split('\n');
    let offset = 8 + headerLength + termsLength;
    offset += (4 - (offset % 4)) % 4;
    // Copied out so the floats are aligned whatever the driver's buffer offset.
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + buf.length));
    const idf = floats.slice(0, terms.length);
    const components = floats.slice(terms.length, terms.length + terms.length * header.dimensions);
    return new CorpusModel(terms, idf, components, header.dimensions, header.fittedOn);
  }

  /** The paper's TF-IDF row over the model's vocabulary (unit length): the features of the For you model. */
  termRow(paper: IndexableText): { cols: Uint32Array; vals: Float32Array } {
    return toRow(weightedRow(termCounts(paper), this.#termIndex, this.#idf));
  }

  /** A query's or topic's TF-IDF row. */
  queryRow(text: string): { cols: Uint32Array; vals: Float32Array } {
    return toRow(weightedRow(queryCounts(text), this.#termIndex, this.#idf));
  }

  /**
   * The paper's terms that bring it nearest to `query` (a unit vector of this model), most first, at most `max`.
   * A paper's vector is its terms' weighted sum, so its cosine with the query is a sum of one share per term:
   * these are the largest shares, the words by which the paper means what the query asks.
   */
  termsNearest(paper: IndexableText, query: Float32Array, max: number): string[] {
    const d = this.dimensions;
    const shares: [number, number][] = [];
    for (const [c, w] of weightedRow(termCounts(paper), this.#termIndex, this.#idf)) {
      let dot = 0;
      for (let j = 0, o = c * d; j < d; j++, o++) dot += this.#components[o]! * query[j]!;
      if (dot > 0) shares.push([c, w * dot]);
    }
    shares.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return shares.slice(0, max).map(([c]) => this.#terms[c]!);
  }

  /** The paper's terms with their TF-IDF weights. */
  keyTerms(paper: IndexableText): Map<string, number> {
    return new Map(weightedRow(termCounts(paper), this.#termIndex, this.#idf).map(([c, v]) => [this.#terms[c]!, v]));
  }
}

/** (column, weight) pairs of a text's TF-IDF row, unit length; terms outside the vocabulary are dropped. */
function weightedRow(counts: Map<string, number>, index: Map<string, number>, idf: Float32Array): [number, number][] {
  const row: [number, number][] = [];
  let s = 0;
  for (const [t, n] of counts) {
    const c = index.get(t);
    if (c === undefined) continue;
    const w = (1 + Math.log(n)) * idf[c]!;
    row.push([c, w]);
    s += w * w;
  }
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (const r of row) r[1] *= inv;
  }
  return row;
}

function toRow(pairs: [number, number][]): { cols: Uint32Array; vals: Float32Array } {
  return { cols: Uint32Array.from(pairs, (p) => p[0]), vals: Float32Array.from(pairs, (p) => p[1]) };
}
