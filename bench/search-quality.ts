// Search quality on the judged collections in ../shared/relevance (Cranfield, NPL, CISI, CACM): nDCG@10, recall@100
// and MAP for the site's keyword, semantic and hybrid search, next to a plain BM25 run computed here in the same
// script (textbook BM25, k1 = 1.2, b = 0.75, lowercase alphanumeric tokens of title + text: no stemming, stopwords,
// title weight, compounds or typo handling). Semantic and hybrid use the default corpus model (LSA, 128 dimensions,
// terms in at least 2 documents) fitted on the collection's own documents, and a vector index of all of them; the
// engines are the site's (HybridSearchEngine over the same in-memory keyword index), no database. Each collection
// is summed up after the table by hybrid / plain BM25 for nDCG@10. Collections whose files are absent are skipped
// with the reason.
//   npx tsx bench/search-quality.ts
import path from 'node:path';
import { printTable, SHARED } from './lib.ts';
import { loadCollections, type RelevanceDoc } from './relevance-collections.ts';
import { collectionSemantics, keywordEngine, ndcgAt, recallAt, semanticEngines, siteSearch } from './search-eval.ts';

const DEPTH = 100;

function averagePrecision(ranked: string[], judged: Map<string, number>): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (judged.has(id)) sum += ++hits / (i + 1);
  });
  return judged.size > 0 ? sum / judged.size : 0;
}

/** Textbook BM25 over title + text, exhaustive, as a reference. */
function plainBm25(docs: RelevanceDoc[]): (query: string) => string[] {
  const k1 = 1.2;
  const b = 0.75;
  const tokens = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const postings = new Map<string, { doc: number; tf: number }[]>();
  const lengths = docs.map((d, i) => {
    const words = tokens(`${d.title} ${d.text}`);
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const [w, n] of tf) {
      let list = postings.get(w);
      if (!list) postings.set(w, (list = []));
      list.push({ doc: i, tf: n });
    }
    return words.length;
  });
  const N = docs.length;
  const avg = lengths.reduce((a, b) => a + b, 0) / N;
  return (query) => {
    const scores = new Float64Array(N);
    for (const w of new Set(tokens(query))) {
      const list = postings.get(w);
      if (!list) continue;
      const idf = Math.log(1 + (N - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) scores[p.doc]! += (idf * p.tf * (k1 + 1)) / (p.tf + k1 * (1 - b + (b * lengths[p.doc]!) / avg));
    }
    return [...scores.keys()]
      .filter((i) => scores[i]! > 0)
      .sort((x, y) => scores[y]! - scores[x]! || (docs[x]!.id < docs[y]!.id ? -1 : 1))
      .slice(0, DEPTH)
      .map((i) => docs[i]!.id);
  };
}

const rows: (string | number)[][] = [];
const summaries: string[] = [];
const fmt = (x: number) => x.toFixed(4);
for (const c of loadCollections(path.join(SHARED, 'relevance'))) {
  if ('skipped' in c) {
    console.log(`${c.name}: skipped, ${c.skipped}`);
    continue;
  }
  const judgedQueries = c.queries.filter((q) => (c.qrels.get(q.id)?.size ?? 0) > 0);
  const keyword = keywordEngine(c);
  const semantic = collectionSemantics(c);
  const engines = semanticEngines(keyword, semantic.state);
  const runs: [string, (q: string) => string[] | Promise<string[]>][] = [
    ['plain BM25', plainBm25(c.docs)],
    ['keyword', siteSearch(keyword.engine)],
    ['semantic', siteSearch(engines.semantic)],
    ['hybrid', siteSearch(engines.hybrid)],
  ];
  const ndcgOf = new Map<string, number>();
  for (const [mode, run] of runs) {
    let ndcg = 0;
    let recall = 0;
    let map = 0;
    const started = performance.now();
    for (const q of judgedQueries) {
      const ranked = await run(q.text);
      const judged = c.qrels.get(q.id)!;
      ndcg += ndcgAt(ranked, judged, 10);
      recall += recallAt(ranked, judged, DEPTH);
      map += averagePrecision(ranked, judged);
    }
    const n = judgedQueries.length;
    const ms = (performance.now() - started) / n;
    rows.push([c.name, c.docs.length, n, mode, fmt(ndcg / n), fmt(recall / n), fmt(map / n), ms.toFixed(2)]);
    ndcgOf.set(mode, ndcg / n);
  }
  summaries.push(
    `${c.name}: hybrid / plain BM25 nDCG@10 = ${(ndcgOf.get('hybrid')! / ndcgOf.get('plain BM25')!).toFixed(3)}` +
      ` (semantic / plain BM25 ${(ndcgOf.get('semantic')! / ndcgOf.get('plain BM25')!).toFixed(3)}; corpus model of` +
      ` ${semantic.vocabulary.toLocaleString('en-US')} terms fitted and ${c.docs.length.toLocaleString('en-US')} docs embedded in ${(semantic.buildMs / 1000).toFixed(1)} s)`,
  );
}
console.log();
printTable(['collection', 'docs', 'queries', 'mode', 'nDCG@10', 'recall@100', 'MAP@100', 'ms/query'], rows);
console.log();
for (const line of summaries) console.log(line);
