// The real corpus as vectors, for the vector benchmarks: every paper of ../shared/data/arxiv-papers.jsonl.gz (up to
// `maxPapers`) embedded by the default corpus model (128 dimensions, fitted on the first 60,000), as serving does.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { IndexableText } from '../src/core/analyze.ts';
import { CorpusModel, type CorpusModelOptions, DEFAULT_CORPUS_OPTIONS } from '../src/embeddings/corpus-model.ts';
import { sharedFileOrExit } from './lib.ts';

const FIT_SAMPLE = 60_000;

export interface CorpusVectors {
  papers: (IndexableText & { id: string })[];
  vectors: Float32Array[];
  dimensions: number;
  embedSeconds: number;
  /** The fitted model, to embed queries with. */
  model: CorpusModel;
}

/** The papers of ../shared/data/arxiv-papers.jsonl.gz, up to `maxPapers`, in file order. */
export async function readCorpusPapers(maxPapers: number): Promise<(IndexableText & { id: string })[]> {
  const file = sharedFileOrExit('data/arxiv-papers.jsonl.gz');
  const papers: (IndexableText & { id: string })[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { arxiv_id: string; title: string; abstract: string; authors?: string[]; categories?: string | string[] };
    const categories = Array.isArray(r.categories) ? r.categories : (r.categories ?? '').split(' ').filter(Boolean);
    papers.push({ id: r.arxiv_id, title: r.title, abstract: r.abstract, authors: r.authors ?? [], categories });
    if (papers.length >= maxPapers) break;
  }
  return papers;
}

export async function corpusVectors(
  maxPapers: number,
  options: CorpusModelOptions = DEFAULT_CORPUS_OPTIONS,
  read?: (IndexableText & { id: string })[],
): Promise<CorpusVectors> {
  const papers = read ?? (await readCorpusPapers(maxPapers));
  const started = performance.now();
  const model = CorpusModel.fit(papers.slice(0, FIT_SAMPLE), options);
  const vectors = papers.map((p) => model.embedPaper(p));
  return { papers, vectors, dimensions: model.dimensions, embedSeconds: (performance.now() - started) / 1000, model };
}

/** The ids of the `k` nearest vectors to `q` by an exact float32 scan, `self` left out. */
export function exactTopIds(corpus: CorpusVectors, q: Float32Array, k: number, self: string): Set<string> {
  const best: { id: string; score: number }[] = [];
  const d = corpus.dimensions;
  for (let i = 0; i < corpus.vectors.length; i++) {
    const id = corpus.papers[i]!.id;
    if (id === self) continue;
    const v = corpus.vectors[i]!;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += v[j]! * q[j]!;
    if (best.length === k && dot <= best[k - 1]!.score) continue;
    best.push({ id, score: dot });
    best.sort((a, b) => b.score - a.score);
    if (best.length > k) best.pop();
  }
  return new Set(best.map((b) => b.id));
}
