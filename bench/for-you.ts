// Offline evaluation of "For you" (src/recommend/for-you.ts) against arxiv-sanity-lite's recommender
// (bench/for-you-baseline.ts), on real arXiv metadata (../shared/data/arxiv-papers.jsonl.gz), with simulated users:
// we have no real user logs, so a user is a taste with a known answer.
//   - category:   one arXiv category; 10 liked papers of that primary category from the year before the cutoff;
//                 relevant = candidates whose primary category is the taste.
//   - two categories: the same with 5 + 5 liked papers of two categories; relevant = either.
//   - title phrase: 10 liked papers whose title contains a phrase ("speculative decoding"); relevant = candidates
//                 whose title contains it. This favours TF-IDF: the label is an exact n-gram of the text it reads.
// Candidates: every paper published in the FOR_YOU_WINDOW_DAYS after the cutoff, as the site's "recent" window.
// The site: src/recommend/for-you.ts's forYouPicks itself (the liked papers as upvotes, `among` = the candidates,
// feature rows warmed first as `serve` does) over an in-memory stand-in for the search service, no database: the
// keyword index's document frequencies over every paper, and the corpus model (fitted on a 60,000-paper sample, the
// EMBEDDINGS_FIT_SAMPLE default) for the vectors that admit a pick by closeness and name its reason.
// The variants: the same code with some kinds of feature off (words, title pairs, categories, authors).
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
import { decisionFunction, SVM_OPTIONS, TFIDF_OPTIONS, tfidfMatrix, trainLinearSvc } from './for-you-baseline.ts';
import { FEATURE_WEIGHTS, type FeatureWeights } from '../src/recommend/paper-features.ts';
import { vocabularyOf } from '../test/helpers/feature-vocabulary.ts';
import { searchStandIn, sitePicks, warmStandIn } from './for-you-variants.ts';
import { median, printTable, sharedFileOrExit } from './lib.ts';

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
// The keyword index's document frequencies are over every paper the site holds.
t0 = performance.now();
const vocabulary = vocabularyOf(papers);
const vocabularyMs = performance.now() - t0;
const standIn = searchStandIn(model, vectors, new Map(needed.map((i) => [papers[i]!.id, papers[i]!] as const)), vocabulary);
t0 = performance.now();
await warmStandIn(standIn);
const warmMs = performance.now() - t0;
const candidateIds = new Set(candidates.map((i) => papers[i]!.id));
const indexOf = new Map(papers.map((p, i) => [p.id, i]));
// The site's code with some kinds of feature turned off: what each brings (paper-features.ts).
const WORDS_ONLY: FeatureWeights = { titlePair: 0, primaryCategory: 0, crossList: 0, author: 0 };
const VARIANTS: [string, FeatureWeights][] = [
  ['words only', WORDS_ONLY],
  ['words + title pairs', { ...WORDS_ONLY, titlePair: FEATURE_WEIGHTS.titlePair }],
  ['words + categories', { ...WORDS_ONLY, primaryCategory: FEATURE_WEIGHTS.primaryCategory, crossList: FEATURE_WEIGHTS.crossList }],
  ['words + title pairs + categories (no authors)', { ...FEATURE_WEIGHTS, author: 0 }],
  [
    'words + categories, every category alike',
    { ...WORDS_ONLY, primaryCategory: FEATURE_WEIGHTS.primaryCategory, crossList: FEATURE_WEIGHTS.primaryCategory },
  ],
];
for (const [, weights] of VARIANTS) await warmStandIn(standIn, weights);

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

checkLoad('per-user ranking');
const rows: { user: User; site: Ranking; sanity: Ranking; iterations: number; variants: Ranking[] }[] = [];
// The index terms the first pick's reason names, per user (the page shows them as the paper writes them).
const reasonWords: string[][] = [];
const candidateRows = candidates.map((i) => rowOf.get(i)!);
const toIndexes = (ids: string[]) => ids.map((id) => indexOf.get(id)!);
for (const [u, user] of users.entries()) {
  const liked = user.liked.map((i) => papers[i]!.id);
  let s0 = performance.now();
  const picked = await sitePicks(standIn, liked, candidateIds, 50);
  const site = { top: toIndexes(picked.ids), ms: performance.now() - s0 };
  reasonWords.push(picked.terms[0] ?? []);
  s0 = performance.now();
  const svm = trainLinearSvc(tfidf, new Set(user.liked.map((i) => rowOf.get(i)!)), seededRandom(u + 1));
  const decision = decisionFunction(tfidf, svm);
  const top = [...candidateRows]
    .sort((a, b) => decision[b]! - decision[a]! || a - b)
    .slice(0, 50)
    .map((r) => baselineRows[r]!);
  const sanity = { top, ms: performance.now() - s0 };
  const variants: Ranking[] = [];
  for (const [, weights] of VARIANTS) {
    const v0 = performance.now();
    const ids = (await sitePicks(standIn, liked, candidateIds, 50, weights)).ids;
    variants.push({ top: toIndexes(ids), ms: performance.now() - v0 });
  }
  rows.push({ user, site, sanity, iterations: svm.iterations, variants });
  if ((u + 1) % 10 === 0) console.log(`  ${u + 1}/${users.length} users`);
}

console.log();
console.log('one-off costs (this run)');
printTable(
  ['step', 'value'],
  [
    [
      `For you: corpus model fit on ${sample.length.toLocaleString('en-US')} papers (${model.vocabularySize.toLocaleString('en-US')} terms, ${model.dimensions} dims)`,
      `${(fitMs / 1000).toFixed(1)} s`,
    ],
    ['For you: embed one paper (embedPaper)', `${(embedMsPerPaper * 1000).toFixed(0)} us`],
    [
      'For you: picks returned per user (limit 50), median / min',
      `${median(rows.map((r) => r.site.top.length))} / ${Math.min(...rows.map((r) => r.site.top.length))}`,
    ],
    [
      `For you: document frequencies of ${papers.length.toLocaleString('en-US')} papers (the keyword index's, here counted)`,
      `${(vocabularyMs / 1000).toFixed(1)} s`,
    ],
    [`For you: feature rows of ${needed.length.toLocaleString('en-US')} papers (warmForYou)`, `${(warmMs / 1000).toFixed(1)} s`],
    [
      `arxiv-sanity: TF-IDF of ${tfidf.rows.toLocaleString('en-US')} papers${tfidf.rows < papers.length ? ' (candidates + liked + seeded sample)' : ''} (${tfidf.features.toLocaleString('en-US')} uni+bigram features, ${(tfidf.colIndex.length / tfidf.rows).toFixed(0)} per paper)`,
      `${(tfidfMs / 1000).toFixed(1)} s`,
    ],
    [
      `arxiv-sanity: LinearSVC epochs (C=${SVM_OPTIONS.C}, tol=${SVM_OPTIONS.tol}), median / max`,
      `${median(rows.map((r) => r.iterations))} / ${Math.max(...rows.map((r) => r.iterations))}`,
    ],
  ],
);

console.log();
console.log('per kind of user: mean over users of the top 50 each method returns (fewer count as misses);');
console.log('ratio = For you / arxiv-sanity (> 1: For you better; for time, < 1: faster).');
console.log('random = the expected precision of a random order (the share of relevant candidates).');
const table: (string | number)[][] = [];
for (const kind of ['category', 'two categories', 'title phrase', 'all'] as const) {
  const mine = rows.filter((r) => kind === 'all' || r.user.kind === kind);
  const site = mine.map((r) => evaluate(r.site.top, r.user.relevant));
  const sanity = mine.map((r) => evaluate(r.sanity.top, r.user.relevant));
  const random = mean(mine.map((r) => r.user.relevant.size / candidates.length));
  const m = (xs: { p10: number; ndcg10: number; r50: number }[], k: 'p10' | 'ndcg10' | 'r50') => mean(xs.map((x) => x[k]));
  for (const k of ['p10', 'ndcg10', 'r50'] as const) {
    const label = { p10: 'precision@10', ndcg10: 'nDCG@10', r50: 'recall@50' }[k];
    table.push([
      kind,
      mine.length,
      label,
      f3(m(site, k)),
      f3(m(sanity, k)),
      ratio(m(site, k), m(sanity, k)),
      k === 'p10' ? f3(random) : '',
    ]);
  }
  const siteMs = median(mine.map((r) => r.site.ms));
  const sanityMs = median(mine.map((r) => r.sanity.ms));
  table.push([kind, mine.length, 'train+rank ms (median)', siteMs.toFixed(1), sanityMs.toFixed(0), ratio(siteMs, sanityMs), '']);
}
printTable(['users', 'n', 'measure', 'For you', 'arxiv-sanity', 'ratio', 'random'], table);

console.log();
console.log('per taste (precision@10), users of the same taste pooled; two-category users are in the table above only');
const byTaste = new Map<string, { kind: string; n: number; site: number[]; sanity: number[]; relevant: number }>();
for (const r of rows.filter((x) => x.user.kind !== 'two categories')) {
  const key = `${r.user.kind}: ${r.user.taste}`;
  const e = byTaste.get(key) ?? { kind: r.user.kind, n: 0, site: [], sanity: [], relevant: r.user.relevant.size };
  e.n++;
  e.site.push(evaluate(r.site.top, r.user.relevant).p10);
  e.sanity.push(evaluate(r.sanity.top, r.user.relevant).p10);
  byTaste.set(key, e);
}
printTable(
  ['taste', 'users', 'relevant', 'For you', 'arxiv-sanity'],
  [...byTaste].map(([k, e]) => [k, e.n, e.relevant, f3(mean(e.site)), f3(mean(e.sanity))]),
);
console.log();
console.log("variants of For you: the site's forYouPicks with some kinds of feature off (paper-features.ts's weights)");
console.log(
  'category users are defined by the primary category, so a method that reads it is near 1 by construction: "words only" and "words + title pairs" are the text-only figures',
);
const variantTable: (string | number)[][] = [];
type Row = (typeof rows)[number];
const methods: [string, (r: Row) => Ranking][] = [
  ['For you (site, as is)', (r) => r.site],
  ...VARIANTS.map(([name], v) => [name, (r: Row) => r.variants[v]!] as [string, (r: Row) => Ranking]),
  ['arxiv-sanity', (r) => r.sanity],
];
for (const [name, ranking] of methods) {
  const p10 = (kind: string) =>
    f3(mean(rows.filter((r) => kind === 'all' || r.user.kind === kind).map((r) => evaluate(ranking(r).top, r.user.relevant).p10)));
  const all = rows.map((r) => evaluate(ranking(r).top, r.user.relevant));
  // Paired per user: how often this method's precision@10 beats, equals or trails arxiv-sanity's for the same user.
  const diffs = rows.map((r, k) => all[k]!.p10 - evaluate(r.sanity.top, r.user.relevant).p10);
  const wtl = `${diffs.filter((d) => d > 1e-9).length}/${diffs.filter((d) => Math.abs(d) <= 1e-9).length}/${diffs.filter((d) => d < -1e-9).length}`;
  variantTable.push([
    name,
    p10('category'),
    p10('two categories'),
    p10('title phrase'),
    p10('all'),
    f3(mean(all.map((x) => x.ndcg10))),
    f3(mean(all.map((x) => x.r50))),
    wtl,
    median(rows.map((r) => ranking(r).ms)).toFixed(1),
  ]);
}
printTable(
  [
    'method',
    'P@10 category',
    'P@10 two cats',
    'P@10 phrase',
    'P@10 all',
    'nDCG@10 all',
    'recall@50 all',
    'P@10 vs sanity w/t/l',
    'ms/user (median)',
  ],
  variantTable,
);
console.log(
  `TF-IDF settings: compute.py's (${TFIDF_OPTIONS.maxFeatures} features, min_df ${TFIDF_OPTIONS.minDf}, max_df ${TFIDF_OPTIONS.maxDf}), with the site's stopword list instead of sklearn's`,
);
console.log();
console.log("the first pick's reason words (index terms) for the first user of each kind:");
for (const kind of ['category', 'two categories', 'title phrase'] as const) {
  const u = rows.findIndex((r) => r.user.kind === kind);
  if (u >= 0) console.log(`  ${kind} (${rows[u]!.user.taste}): ${reasonWords[u]!.join(', ') || '(none)'}`);
}
for (const note of loadNotes) console.log(`note: ${note}`);
