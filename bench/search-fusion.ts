// How hybrid search fuses keyword and semantic results, calibrated on one half of each query set and reported on
// the other (both ways round): Cranfield, NPL, CISI and CACM (../shared/relevance), and the real arXiv corpus
// (../shared/data, 167k papers, the serving corpus model) with two kinds of reader queries: descriptions in the
// reader's own words (bench/search-paraphrases.ts) and a few words remembered from a title. Each half is measured
// for keyword search, semantic search, the reciprocal rank fusion hybrid search used before (k 60, semantic 0.5),
// the site's fusion weights (DEFAULT_FUSION) and the weights calibrated on the other half. "never worse" says
// whether a fusion is at least the better of keyword and semantic on both nDCG@10 and recall@100.
//
// The calibration searches a grid of weights (fusion.ts's three) and keeps the best setting that is never worse than
// the better single engine on the calibration half and ahead of it by CALIBRATION_MARGIN on average; where none
// is, the better single engine (weight 1 or 0 reproduces it exactly). DEFAULT_FUSION is the setting calibrated on the arXiv halves A.
//   npx tsx bench/search-fusion.ts [--papers N]   (arXiv papers, default all)
import path from 'node:path';
import { CorpusEmbeddingProvider } from '../src/embeddings/corpus-provider.ts';
import { VectorIndex } from '../src/embeddings/vector-index.ts';
import type { SemanticState } from '../src/embeddings/vector-sync.ts';
import { type FusionParams, fuseScores, type RankedId } from '../src/search/fusion.ts';
import { DEFAULT_FUSION, type FusionInput } from '../src/search/hybrid-engine.ts';
import { type CorpusModelOptions, DEFAULT_CORPUS_OPTIONS } from '../src/embeddings/corpus-model.ts';
import { corpusVectors, readCorpusPapers } from './corpus-vectors.ts';
import { printTable, SHARED } from './lib.ts';
import { loadCollections, type RelevanceDoc } from './relevance-collections.ts';
import { collectionSemantics, keywordEngine, ndcgAt, plainQuery, recallAt, semanticEngines } from './search-eval.ts';
import { PARAPHRASES } from './search-paraphrases.ts';

const args = process.argv.slice(2);
const maxPapers = args.includes('--papers') ? Number(args[args.indexOf('--papers') + 1]) : 167_211;
const DEPTH = 100;
// A fusion must lead the better engine by 1% on average on the calibration half to be chosen: smaller leads were
// noise that turned into losses on the other half.
const CALIBRATION_MARGIN = 1.01;
const STEPS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const GRID: FusionParams[] = STEPS.flatMap((pageWeight) =>
  [0, 0.5, 1].flatMap((disagreementLean) => STEPS.map((depthWeight) => ({ pageWeight, disagreementLean, depthWeight }))),
);
const KEYWORD_ONLY: FusionParams = { pageWeight: 1, disagreementLean: 0, depthWeight: 1 };
const SEMANTIC_ONLY: FusionParams = { pageWeight: 0, disagreementLean: 0, depthWeight: 0 };

/** One judged query's fusion input. */
interface Case {
  input: FusionInput;
  judged: Map<string, number>;
}

interface QuerySet {
  name: string;
  cases: Case[];
}

interface Scores {
  ndcg: number;
  r10: number;
  r100: number;
}

function measure(cases: Case[], rank: (c: Case) => string[]): Scores {
  const s = { ndcg: 0, r10: 0, r100: 0 };
  for (const c of cases) {
    const ranked = rank(c);
    s.ndcg += ndcgAt(ranked, c.judged, 10);
    s.r10 += recallAt(ranked, c.judged, 10);
    s.r100 += recallAt(ranked, c.judged, DEPTH);
  }
  const n = cases.length || 1;
  return { ndcg: s.ndcg / n, r10: s.r10 / n, r100: s.r100 / n };
}

const keywordRanking = (c: Case) => c.input.keyword.hits.map((h) => h.id);
const semanticRanking = (c: Case) => c.input.semantic.map((h) => h.id);
const fused = (p: FusionParams) => (c: Case) =>
  fuseScores(c.input.keyword.hits, c.input.semantic, c.input.cosineOf, p, c.input.depth).map((h) => h.id);

/** What hybrid search did before: reciprocal rank fusion, k 60, semantic ranks at half weight. */
function rrf(c: Case): string[] {
  const score = new Map<string, number>();
  const add = (list: RankedId[], w: number) => {
    list.forEach((h, i) => {
      score.set(h.id, (score.get(h.id) ?? 0) + w / (61 + i));
    });
  };
  add(c.input.keyword.hits, 1);
  add(c.input.semantic, 0.5);
  return [...score].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/** The calibrated setting for `sets` (their sums of ratios to the better single engine). */
function calibrate(sets: Case[][]): FusionParams {
  const singles = sets.map((cases) => ({ k: measure(cases, keywordRanking), s: measure(cases, semanticRanking) }));
  let best: FusionParams | null = null;
  let bestScore = -Infinity;
  for (const p of GRID) {
    let worst = Infinity;
    let sum = 0;
    sets.forEach((cases, i) => {
      const m = measure(cases, fused(p));
      const { k, s } = singles[i]!;
      const rn = m.ndcg / Math.max(k.ndcg, s.ndcg, 1e-9);
      const rr = m.r100 / Math.max(k.r100, s.r100, 1e-9);
      worst = Math.min(worst, rn, rr);
      sum += rn + rr;
    });
    // Never worse than the better engine on any set and measure, and ahead by the margin on average: a measure at
    // its ceiling (recall@100 of 1 on title words) can only tie.
    if (worst >= 1 && sum / (2 * sets.length) >= CALIBRATION_MARGIN && sum > bestScore) {
      bestScore = sum;
      best = p;
    }
  }
  if (best) return best;
  // No fusion clearly helps: the single engine that is better on more of the measures.
  let keywordWins = 0;
  for (const { k, s } of singles) keywordWins += Number(k.ndcg >= s.ndcg) + Number(k.r100 >= s.r100);
  return keywordWins >= singles.length ? KEYWORD_ONLY : SEMANTIC_ONLY;
}

const describe = (p: FusionParams) =>
  p === KEYWORD_ONLY ? 'keyword only' : p === SEMANTIC_ONLY ? 'meaning only' : `${p.pageWeight}/${p.disagreementLean}/${p.depthWeight}`;

async function capture(
  docs: RelevanceDoc[],
  state: SemanticState,
  queries: { text: string; judged: Map<string, number> }[],
  keyword = keywordEngine({ docs }),
): Promise<Case[]> {
  const { hybrid } = semanticEngines(keyword, state);
  const cases: Case[] = [];
  for (const q of queries) {
    const input = await hybrid.fusionInput({ query: plainQuery(q.text), filters: {}, sort: 'relevance', offset: 0, limit: DEPTH });
    if (input) cases.push({ input, judged: q.judged });
  }
  return cases;
}

// Both corpus models: plain LSA (what the site had) and LSA trained on (title, abstract) pairs (the default now).
const MODELS: [string, CorpusModelOptions][] = [
  ['LSA', { ...DEFAULT_CORPUS_OPTIONS, pairTraining: null }],
  ['LSA+pairs', DEFAULT_CORPUS_OPTIONS],
];
const collections = loadCollections(path.join(SHARED, 'relevance'));
for (const c of collections) if ('skipped' in c) console.log(`${c.name}: skipped, ${c.skipped}`);

// The real corpus: every paper's title and abstract; the models fitted on the first 60,000, as serving does.
const readStarted = performance.now();
const arxiv = await readCorpusPapers(maxPapers);
const docs: RelevanceDoc[] = arxiv.map((p) => ({ id: p.id, title: p.title, text: p.abstract, authors: p.authors }));
const arxivKeyword = keywordEngine({ docs });
console.log(
  `arXiv: ${docs.length.toLocaleString('en-US')} papers read and indexed in ${((performance.now() - readStarted) / 1000).toFixed(0)} s`,
);
const present = new Set(docs.map((d) => d.id));
const paraphrases = PARAPHRASES.filter((p) => present.has(p.id)).map((p) => ({ text: p.query, judged: new Map([[p.id, 1]]) }));
// A reader who remembers a title's words: four of its longer words, in order, for every n-th paper.
const titleWords = docs
  .filter((_, i) => i % Math.max(1, Math.floor(docs.length / 150)) === 7)
  .map((d) => ({ text: (d.title.match(/[A-Za-z]{5,}/g) ?? []).slice(0, 4).join(' '), judged: new Map([[d.id, 1]]) }))
  .filter((q) => q.text.split(' ').length >= 3);

const sets: (QuerySet & { model: string })[] = [];
for (const [model, options] of MODELS) {
  for (const c of collections) {
    if ('skipped' in c) continue;
    const judged = c.queries.filter((q) => (c.qrels.get(q.id)?.size ?? 0) > 0).map((q) => ({ text: q.text, judged: c.qrels.get(q.id)! }));
    sets.push({ model, name: c.name, cases: await capture(c.docs, collectionSemantics(c, options).state, judged) });
  }
  const started = performance.now();
  const corpus = await corpusVectors(maxPapers, options, arxiv);
  const vectors = new VectorIndex(corpus.dimensions);
  vectors.upsertMany(corpus.papers.map((p, i) => ({ id: p.id, vector: corpus.vectors[i]! })));
  const state: SemanticState = { modelId: 1, index: vectors, provider: new CorpusEmbeddingProvider(corpus.model) };
  console.log(`arXiv, ${model}: fitted, embedded and in the vector index in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  sets.push({ model, name: 'arXiv paraphrases', cases: await capture(docs, state, paraphrases, arxivKeyword) });
  sets.push({ model, name: 'arXiv title words', cases: await capture(docs, state, titleWords, arxivKeyword) });
}

const half = (cases: Case[], h: 0 | 1) => cases.filter((_, i) => i % 2 === h);
const arxivSets = sets.filter((s) => s.name.startsWith('arXiv') && s.model === MODELS[1]![0]);
const siteSetting = calibrate(arxivSets.map((s) => half(s.cases, 0)));
const rows: (string | number)[][] = [];
const fmt = (x: number) => x.toFixed(4);
const pct = (x: number, of: number) => `${((x / of - 1) * 100).toFixed(1)}%`;
let never = 0;
let cells = 0;
for (const set of sets) {
  for (const h of [0, 1] as const) {
    const report = half(set.cases, h);
    const calibrated = calibrate([half(set.cases, h === 0 ? 1 : 0)]);
    const k = measure(report, keywordRanking);
    const s = measure(report, semanticRanking);
    const floor = { ndcg: Math.max(k.ndcg, s.ndcg), r100: Math.max(k.r100, s.r100) };
    const runs: [string, string, Scores][] = [
      ['keyword', '', k],
      ['semantic', '', s],
      ['RRF (before)', '', measure(report, rrf)],
      ['site fusion', describe(DEFAULT_FUSION), measure(report, fused(DEFAULT_FUSION))],
      ['calibrated', describe(calibrated), measure(report, fused(calibrated))],
    ];
    for (const [mode, setting, m] of runs) {
      const ok = m.ndcg >= floor.ndcg - 1e-9 && m.r100 >= floor.r100 - 1e-9;
      if (mode === 'calibrated') {
        cells++;
        never += Number(ok);
      }
      const short = [
        m.ndcg < floor.ndcg - 1e-9 ? `nDCG ${pct(m.ndcg, floor.ndcg)}` : '',
        m.r100 < floor.r100 - 1e-9 ? `R@100 ${pct(m.r100, floor.r100)}` : '',
      ].filter(Boolean);
      const verdict = mode === 'keyword' || mode === 'semantic' ? '' : ok ? 'yes' : `no: ${short.join(', ')}`;
      rows.push([set.model, set.name, h === 0 ? 'A' : 'B', report.length, mode, setting, fmt(m.ndcg), fmt(m.r10), fmt(m.r100), verdict]);
    }
  }
}
console.log();
printTable(['model', 'set', 'half', 'queries', 'mode', 'weights', 'nDCG@10', 'recall@10', 'recall@100', 'never worse'], rows);
console.log();
console.log(`weights are page/lean/depth (fusion.ts); calibrated on the other half, margin ${CALIBRATION_MARGIN}`);
console.log(`calibrated fusion at least the better engine on both measures: ${never} of ${cells} reported halves`);
for (const [model] of MODELS) {
  const mean = (name: string, pick: (s: Scores) => number) => {
    const of = sets.filter((s) => s.model === model && s.name === name);
    return of.length ? pick(measure(of[0]!.cases, semanticRanking)) : NaN;
  };
  console.log(
    `${model}: semantic alone, all queries: paraphrases recall@10 ${fmt(mean('arXiv paraphrases', (s) => s.r10))}, ` +
      `title words recall@10 ${fmt(mean('arXiv title words', (s) => s.r10))}`,
  );
}
console.log(
  `the site's setting calibrated on the arXiv halves A: ${JSON.stringify(siteSetting)} (DEFAULT_FUSION ${JSON.stringify(DEFAULT_FUSION)})`,
);
