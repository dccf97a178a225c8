// ---- experiment tail
import { forEachTerm, authorPairTerms } from '../src/core/analyze.ts';
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
interface FeatOpts { cat: number; cross: number; bigram: number; absBigram: number; author: number }
function richRow(p: Paper, o: FeatOpts): FeatureRow {
  const base = model.termRow(p);
  const m = new Map<number, number>();
  for (let k = 0; k < base.cols.length; k++) m.set(base.cols[k]!, base.vals[k]!);
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
