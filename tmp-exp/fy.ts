import { forEachTerm, authorPairTerms, documentTerms } from '../src/core/analyze.ts';
// Offline evaluation of "For you" (src/recommend/for-you.ts) against arxiv-sanity-lite's recommender
// (bench/for-you-baseline.ts), on real arXiv metadata (../shared/data/arxiv-papers.jsonl.gz), with simulated users:
// we have no real user logs, so a user is a taste with a known answer.
//   - category:   one arXiv category; 10 liked papers of that primary category from the year before the cutoff;
//                 relevant = candidates whose primary category is the taste.
//   - two categories: the same with 5 + 5 liked papers of two categories; relevant = either.
//   - title phrase: 10 liked papers whose title contains a phrase ("speculative decoding"); relevant = candidates
//                 whose title contains it. This favours TF-IDF: the label is an exact n-gram of the text it reads.
// Candidates: every paper published in the FOR_YOU_WINDOW_DAYS after the cutoff, as the site's "recent" window.
// The site: the corpus LSA model fitted on a 60,000-paper sample (the EMBEDDINGS_FIT_SAMPLE default), every paper
// the users need embedded with it, and src/recommend/for-you.ts's forYouPicks itself (the liked papers as upvotes,
// `among` = the candidates, feature rows warmed first as `serve` does) over an in-memory stand-in for the search
// service: no database.
// arxiv-sanity: TF-IDF over every paper up to the end of the window, a LinearSVC per user against all of them.
// arxiv-sanity's per-user SVM reads every paper; to keep the run near ten minutes on two shared cores its corpus is
// the candidates, the liked papers and a seeded sample of the other papers, 60,000 in all (--baseline-papers all
// for every paper).
// Run: npx tsx bench/for-you.ts [--users 30] [--cutoff 2026-05-01] [--baseline-papers 60000|all]
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { parseLooseDate } from '../src/core/dates.ts';
import { CorpusModel, DEFAULT_CORPUS_OPTIONS } from '../src/embeddings/corpus-model.ts';
import { seededRandom } from '../src/embeddings/linear-algebra.ts';
import { FOR_YOU_WINDOW_DAYS } from '../src/recommend/for-you.ts';
import { decisionFunction, SVM_OPTIONS, TFIDF_OPTIONS, tfidfMatrix, trainLinearSvc } from '../bench/for-you-baseline.ts';
import { denseRow, mirrorPicks, searchStandIn, sitePicks, warmStandIn, type FeatureRow, type MirrorOptions } from '../bench/for-you-variants.ts';
import { median, printTable, sharedFileOrExit } from '../bench/lib.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const USERS = Number(arg('users', '30'));
const CUTOFF = Date.parse(arg('cutoff', '2026-05-01'));
const DAY_MS = 86_400_000;
const WINDOW_END = CUTOFF + FOR_YOU_WINDOW_DAYS * DAY_MS;
const LIKED = 10;
const LIKED_FROM = CUTOFF - 365 * DAY_MS;
const FIT_SAMPLE = 60_000;
const BASELINE_PAPERS = arg('baseline-papers', '60000') === 'all' ? Infinity : Number(arg('baseline-papers', '60000'));
// A taste needs this many relevant candidates (so precision@10 can be 1) and at most this share of them.
const MIN_RELEVANT = 10;
const MAX_RELEVANT_SHARE = 0.4;
const PHRASES = [
  'diffusion',
  'reinforcement learning',
  'graph neural',
  'speculative decoding',
  'retrieval-augmented',
  'gaussian splatting',
  'mixture of experts',
  'vision-language',
  'dark matter',
  'federated',
  'knowledge distillation',
  'chain-of-thought',
  'segmentation',
  'point cloud',
  'quantization',
  'hallucination',
  'exoplanet',
  'black hole',
  'gravitational wave',
  'machine translation',
  'autonomous driving',
  'medical image',
  'jailbreak',
  'low-rank',
  'world model',
  'text-to-image',
  'galaxy cluster',
  'super-resolution',
  'multi-agent',
  'video generation',
  'code generation',
  'question answering',
  'contrastive',
  'state space',
  'neural radiance',
  'pruning',
  'in-context learning',
  'preference optimization',
];

interface Paper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  time: number;
}

interface User {
  kind: 'category' | 'two categories' | 'title phrase';
  taste: string;
  liked: number[];
  relevant: Set<number>;
}

interface Ranking {
  top: number[];
  ms: number;
}

const fileArg = sharedFileOrExit('data/arxiv-papers.jsonl.gz');

function loadAverage(): number {
  return Number(/load average: ([\d.]+)/.exec(execSync('uptime').toString())?.[1] ?? 0);
}
const loadNotes: string[] = [];
function checkLoad(phase: string): void {
  const load = loadAverage();
  if (load > 3) loadNotes.push(`load ${load.toFixed(2)} before ${phase} (another benchmark is running): timings are inflated`);
  console.log(`[${phase}] load average ${load.toFixed(2)}`);
}

/** Every paper with a date before the end of the window, in file order (the corpus a site would hold then). */
async function loadPapers(file: string): Promise<Paper[]> {
  const papers: Paper[] = [];
  const seen = new Set<string>();
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()) });
  for await (const line of lines) {
    const r = JSON.parse(line) as {
      arxiv_id: string;
      title?: string;
      abstract?: string;
      authors?: string[] | null;
      categories?: string[] | null;
      date?: string;
    };
    const time = r.date ? parseLooseDate(r.date)?.getTime() : undefined;
    if (!r.title || !r.abstract || time === undefined || time >= WINDOW_END) continue;
    const id = seen.has(r.arxiv_id) ? `${r.arxiv_id}#${papers.length}` : r.arxiv_id;
    seen.add(id);
    papers.push({ id, title: r.title, abstract: r.abstract, authors: r.authors ?? [], categories: r.categories ?? [], time });
  }
  return papers;
}

function pick<T>(xs: T[], k: number, random: () => number): T[] {
  const a = [...xs];
  for (let i = 0; i < Math.min(k, a.length); i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** The simulated users of each kind, `count` each, drawn with a fixed seed. */
function simulateUsers(papers: Paper[], candidates: number[], count: number): { users: User[]; tastes: Map<string, string[]> } {
  const random = seededRandom(20260501);
  const likable = papers.map((_, i) => i).filter((i) => papers[i]!.time >= LIKED_FROM && papers[i]!.time < CUTOFF);
  const groupBy = (key: (p: Paper) => string | undefined, among: number[]) => {
    const m = new Map<string, number[]>();
    for (const i of among) {
      const k = key(papers[i]!);
      if (k) m.set(k, [...(m.get(k) ?? []), i]);
    }
    return m;
  };
  const usable = (liked: number[] | undefined, relevant: number[] | undefined, need: number) =>
    (liked?.length ?? 0) >= need && (relevant?.length ?? 0) >= MIN_RELEVANT && relevant!.length <= MAX_RELEVANT_SHARE * candidates.length;

  const primary = (p: Paper) => p.categories[0];
  const likedByCat = groupBy(primary, likable);
  const relevantByCat = groupBy(primary, candidates);
  const cats = [...relevantByCat.keys()].filter((c) => usable(likedByCat.get(c), relevantByCat.get(c), LIKED)).sort();

  const hasPhrase = (phrase: string) => (i: number) => papers[i]!.title.toLowerCase().includes(phrase);
  const phrases = PHRASES.filter((ph) => usable(likable.filter(hasPhrase(ph)), candidates.filter(hasPhrase(ph)), LIKED));

  const users: User[] = [];
  for (let u = 0; u < count; u++) {
    const c = cats[u % cats.length]!;
    users.push({ kind: 'category', taste: c, liked: pick(likedByCat.get(c)!, LIKED, random), relevant: new Set(relevantByCat.get(c)) });
  }
  for (let u = 0; u < count; u++) {
    const [a, b] = pick(cats, 2, random) as [string, string];
    const liked = [...pick(likedByCat.get(a)!, LIKED / 2, random), ...pick(likedByCat.get(b)!, LIKED / 2, random)];
    users.push({
      kind: 'two categories',
      taste: `${a} + ${b}`,
      liked,
      relevant: new Set([...relevantByCat.get(a)!, ...relevantByCat.get(b)!]),
    });
  }
  for (let u = 0; u < count; u++) {
    const ph = phrases[u % phrases.length]!;
    users.push({
      kind: 'title phrase',
      taste: ph,
      liked: pick(likable.filter(hasPhrase(ph)), LIKED, random),
      relevant: new Set(candidates.filter(hasPhrase(ph))),
    });
  }
  return {
    users,
    tastes: new Map([
      ['category', cats],
      ['title phrase', phrases],
    ]),
  };
}

function evaluate(top: number[], relevant: Set<number>): { p10: number; ndcg10: number; r50: number } {
  let dcg = 0;
  let idcg = 0;
  for (let k = 0; k < 10; k++) {
    if (relevant.has(top[k]!)) dcg += 1 / Math.log2(k + 2);
    if (k < relevant.size) idcg += 1 / Math.log2(k + 2);
  }
  const hits = (n: number) => top.slice(0, n).filter((i) => relevant.has(i)).length;
  return { p10: hits(10) / 10, ndcg10: idcg ? dcg / idcg : 0, r50: hits(50) / relevant.size };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const f3 = (x: number) => x.toFixed(3);
const ratio = (ours: number, base: number) => (base > 0 ? `${(ours / base).toFixed(2)}x` : '-');

// ---------------------------------------------------------------------------------------------------------------

checkLoad('load');
let t0 = performance.now();
const papers = await loadPapers(fileArg);
const loadMs = performance.now() - t0;
const candidates = papers.map((_, i) => i).filter((i) => papers[i]!.time >= CUTOFF);
const { users, tastes } = simulateUsers(papers, candidates, USERS);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

console.log();
console.log(
  `For you vs arxiv-sanity-lite: ${papers.length.toLocaleString('en-US')} papers dated before ${day(WINDOW_END)} (read in ${(loadMs / 1000).toFixed(1)} s)`,
);
console.log(
  `cutoff ${day(CUTOFF)}; candidates = papers of the ${FOR_YOU_WINDOW_DAYS} days after it: ${candidates.length.toLocaleString('en-US')}; liked papers drawn from ${day(LIKED_FROM)} .. ${day(CUTOFF)}`,
);
console.log(
  `${users.length} users: ${USERS} per kind, ${LIKED} liked papers each; tastes with >= ${MIN_RELEVANT} relevant candidates and <= ${MAX_RELEVANT_SHARE * 100}% of them,`,
);
console.log(
  'taken in turn (one category or phrase after another; pairs of categories at random); each method ranks the same candidates for the same liked papers',
);
console.log(`  categories (${tastes.get('category')!.length}): ${tastes.get('category')!.join(' ')}`);
console.log(`  title phrases (${tastes.get('title phrase')!.length}): ${tastes.get('title phrase')!.join(', ')}`);

// The site: corpus LSA model on a seeded 60k sample (the site samples by hashtext(id)), then embed what the users need.
checkLoad('corpus model fit');
const fitRandom = seededRandom(7);
const sample = pick(papers, Math.min(FIT_SAMPLE, papers.length), fitRandom);
t0 = performance.now();
const model = CorpusModel.fit(sample, DEFAULT_CORPUS_OPTIONS);
const fitMs = performance.now() - t0;
const needed = [...new Set([...candidates, ...users.flatMap((u) => u.liked)])];
t0 = performance.now();
const vectors = new Map(needed.map((i) => [papers[i]!.id, model.embedPaper(papers[i]!)] as const));
const embedMsPerPaper = (performance.now() - t0) / needed.length;
const standIn = searchStandIn(model, vectors, new Map(needed.map((i) => [papers[i]!.id, papers[i]!] as const)));
t0 = performance.now();
await warmStandIn(standIn);
const warmMs = performance.now() - t0;
const candidateIds = new Set(candidates.map((i) => papers[i]!.id));
const indexOf = new Map(papers.map((p, i) => [p.id, i]));
// The variants' features: the TF-IDF rows of the corpus model's terms (as the site), or the LSA vectors as rows.
const termRows = {
  rows: new Map<string, FeatureRow>(needed.map((i) => [papers[i]!.id, model.termRow(papers[i]!)] as const)),
  dimensions: model.vocabularySize,
};
const lsaRows = { rows: new Map([...vectors].map(([id, v]) => [id, denseRow(v)] as const)), dimensions: model.dimensions };
const candidatesById = [...candidateIds].sort();
const VARIANTS: [string, typeof lsaRows, MirrorOptions][] = [
  ['mirror of the site (must equal it)', termRows, { learningRate: 4, closeness: false }],
  ['1. site ranked by sigmoid(score) + closeness (a329dd5)', termRows, { learningRate: 4, closeness: true }],
  ['2. site on LSA vectors (rate 4)', lsaRows, { learningRate: 4, closeness: true }],
  ['3. site before 2d54153 (LSA, rate 0.5)', lsaRows, { learningRate: 0.5, closeness: true }],
];

// The baseline: TF-IDF over every paper (compute.py), then a LinearSVC per user (serve.py).
checkLoad('TF-IDF');
const mustHave = new Set([...candidates, ...users.flatMap((u) => u.liked)]);
const others = papers.map((_, i) => i).filter((i) => !mustHave.has(i));
const baselineRows = [
  ...mustHave,
  ...pick(others, Math.max(0, Math.min(others.length, BASELINE_PAPERS - mustHave.size)), seededRandom(11)),
].sort((a, b) => a - b);
const rowOf = new Map(baselineRows.map((i, r) => [i, r]));
t0 = performance.now();
// compute.py's text: title, abstract and author names.
const tfidf = tfidfMatrix(baselineRows.map((i) => `${papers[i]!.title} ${papers[i]!.abstract} ${papers[i]!.authors.join(' ')}`));
const tfidfMs = performance.now() - t0;

// ---- experiment tail
const CACHE = '/tmp/fy-sanity.json';
let sanityTops: number[][];
if (fs.existsSync(CACHE)) sanityTops = JSON.parse(fs.readFileSync(CACHE, 'utf8'));
else {
  sanityTops = [];
  const candidateRows = candidates.map((i) => rowOf.get(i)!);
  for (const [u, user] of users.entries()) {
    const svm = trainLinearSvc(tfidf, new Set(user.liked.map((i) => rowOf.get(i)!)), seededRandom(u + 1));
    const decision = decisionFunction(tfidf, svm);
    sanityTops.push([...candidateRows].sort((a, b) => decision[b]! - decision[a]! || a - b).slice(0, 50).map((r) => baselineRows[r]!));
  }
  fs.writeFileSync(CACHE, JSON.stringify(sanityTops));
}
const HASH_BUCKETS = 1 << 20;
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) & (HASH_BUCKETS - 1);
}
interface FeatOpts { cat: number; cross: number; bigram: number; absBigram: number; author: number; kw?: boolean; minDf?: number }
let dfAll: Map<string, number> | null = null;
function kwRow(p: Paper, minDf: number): Map<number, number> {
  if (!dfAll) {
    const t = performance.now();
    dfAll = new Map();
    for (const q of papers) for (const term of documentTerms(q).freqs.keys()) dfAll.set(term, (dfAll.get(term) ?? 0) + 1);
    console.log(`df over ${papers.length} papers in ${((performance.now() - t) / 1000).toFixed(1)} s, ${dfAll.size} terms`);
  }
  const m = new Map<number, number>();
  for (const [t, n] of documentTerms(p).freqs) {
    if (t.startsWith('@') || t.startsWith('#')) continue;
    const d = dfAll.get(t) ?? 0;
    if (d < minDf) continue;
    const c = model.vocabularySize + hash('kw:' + t);
    m.set(c, (m.get(c) ?? 0) + (1 + Math.log(n)) * (Math.log((papers.length + 1) / (d + 1)) + 1));
  }
  let s = 0; for (const v of m.values()) s += v * v;
  const inv = 1 / Math.sqrt(s || 1);
  for (const [c, v] of m) m.set(c, v * inv);
  return m;
}
function richRow(p: Paper, o: FeatOpts): FeatureRow {
  let m = new Map<number, number>();
  if (o.kw) m = kwRow(p, o.minDf ?? 1);
  else { const base = model.termRow(p); for (let k = 0; k < base.cols.length; k++) m.set(base.cols[k]!, base.vals[k]!); }
  const V = model.vocabularySize;
  const add = (key: string, w: number) => { if (w) { const c = V + hash(key); m.set(c, (m.get(c) ?? 0) + w); } };
  p.categories.forEach((c, i) => { add('cat:' + c, i === 0 ? o.cat : o.cross); });
  if (o.bigram) { let prev: string | null = null; forEachTerm(p.title, 0, (t, pos, end) => { if (pos !== end) return; if (prev) add('tb:' + prev + '_' + t, o.bigram); prev = t; }); }
  if (o.absBigram) { let prev: string | null = null; forEachTerm(p.abstract, 0, (t, pos, end) => { if (pos !== end) return; if (prev) add('ab:' + prev + '_' + t, o.absBigram); prev = t; }); }
  if (o.author) for (const a of p.authors) for (const t of authorPairTerms(a)) add('au:' + t, o.author);
  let s = 0; for (const v of m.values()) s += v * v;
  const inv = 1 / Math.sqrt(s || 1);
  const cols = Uint32Array.from(m.keys()); const vals = Float32Array.from([...m.values()].map((v) => v * inv));
  return { cols, vals };
}
interface TrainOpts { lr: number; epochs: number; l2: number; background: number; bgFrom: 'candidates' | 'corpus' }
function train(examples: { row: FeatureRow; label: 1 | 0; weight: number }[], o: TrainOpts) {
  const w = new Map<number, number>();
  const used = [...new Set(examples.flatMap((e) => [...e.row.cols]))];
  const W = new Float64Array(model.vocabularySize + HASH_BUCKETS);
  const G = new Float64Array(W.length);
  let b = 0;
  const tw = examples.reduce((s, e) => s + e.weight, 0);
  const z = (r: FeatureRow) => { let s = b; for (let k = 0; k < r.cols.length; k++) s += W[r.cols[k]!]! * r.vals[k]!; return s; };
  for (let ep = 0; ep < o.epochs; ep++) {
    for (const j of used) G[j] = 0;
    let gb = 0;
    for (const e of examples) { const g = (1 / (1 + Math.exp(-z(e.row))) - e.label) * e.weight; for (let k = 0; k < e.row.cols.length; k++) G[e.row.cols[k]!]! += g * e.row.vals[k]!; gb += g; }
    for (const j of used) W[j]! -= o.lr * (G[j]! / tw + o.l2 * W[j]!);
    b -= (o.lr * gb) / tw;
  }
  void w;
  return z;
}
const candSorted = [...candidates].sort((a, b) => (papers[a]!.id < papers[b]!.id ? -1 : 1));
const corpusBg = pick(papers.map((_, i) => i).filter((i) => papers[i]!.time < CUTOFF), 5000, seededRandom(99));
function variant(fo: FeatOpts, to: TrainOpts) {
  const cache = new Map<number, FeatureRow>();
  const row = (i: number) => { let r = cache.get(i); if (!r) cache.set(i, (r = richRow(papers[i]!, fo))); return r; };
  const out: number[][] = [];
  const t0 = performance.now();
  for (const user of users) {
    const ex: { row: FeatureRow; label: 1 | 0; weight: number }[] = user.liked.map((i) => ({ row: row(i), label: 1, weight: 1 }));
    const pool = to.bgFrom === 'candidates' ? candSorted : corpusBg;
    const step = Math.max(1, Math.floor(pool.length / to.background));
    const bg: number[] = []; for (let i = 0; i < pool.length; i += step) bg.push(pool[i]!);
    for (const i of bg) ex.push({ row: row(i), label: 0, weight: user.liked.length / bg.length });
    const z = train(ex, to);
    out.push(candSorted.map((i) => ({ i, s: z(row(i)) })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, 50).map((x) => x.i));
  }
  return { tops: out, ms: (performance.now() - t0) / users.length };
}
const kinds = ['category', 'two categories', 'title phrase'] as const;
function report(name: string, tops: number[][], ms: number) {
  const p = kinds.map((k) => mean(users.flatMap((u, j) => (u.kind === k ? [evaluate(tops[j]!, u.relevant).p10] : []))));
  const s = kinds.map((k) => mean(users.flatMap((u, j) => (u.kind === k ? [evaluate(sanityTops[j]!, u.relevant).p10] : []))));
  const r50 = mean(users.map((u, j) => evaluate(tops[j]!, u.relevant).r50));
  console.log(`${name.padEnd(60)} ${p.map((x, k) => `${f3(x)} (${(x / s[k]!).toFixed(2)}x)`).join('  ')}  all ${f3(mean(p))}  r50 ${f3(r50)}  ${ms.toFixed(1)} ms`);
}
report('arxiv-sanity', sanityTops, 0);
const Z: FeatOpts = { cat: 0, cross: 0, bigram: 0, absBigram: 0, author: 0 };
const T: TrainOpts = { lr: 4, epochs: 60, l2: 1e-3, background: 400, bgFrom: 'candidates' };
const specs: [string, FeatOpts, TrainOpts][] = JSON.parse(process.env.SPECS ?? 'null') ?? [
  ['site-like', Z, T],
  ['cat .5', { ...Z, cat: 0.5 }, T],
  ['cat .5 cross .2', { ...Z, cat: 0.5, cross: 0.2 }, T],
  ['cat 1 cross .3', { ...Z, cat: 1, cross: 0.3 }, T],
  ['tb .3', { ...Z, bigram: 0.3 }, T],
  ['tb .6', { ...Z, bigram: 0.6 }, T],
  ['ab .2', { ...Z, absBigram: 0.2 }, T],
  ['author .3', { ...Z, author: 0.3 }, T],
  ['cat .5 cross .2 tb .4 ab .1', { cat: 0.5, cross: 0.2, bigram: 0.4, absBigram: 0.1, author: 0 }, T],
  ['bg 1000', Z, { ...T, background: 1000 }],
  ['epochs 150', Z, { ...T, epochs: 150 }],
  ['lr 8 epochs 100', Z, { ...T, lr: 8, epochs: 100 }],
  ['bg corpus 1000', Z, { ...T, background: 1000, bgFrom: 'corpus' }],
];
for (const [name, fo, to] of specs) { const v = variant({ ...Z, ...fo }, { ...T, ...to }); report(name, v.tops, v.ms); }
