// AI summaries and keywords on the real corpus (../shared/data/arxiv-papers.jsonl.gz, 167k papers): counting the
// phrase document frequencies into the count-min table (src/summaries/doc-freq.ts) against the exact Map of every
// phrase as the baseline, in the same run: papers/s, memory, and how often keywords scored on the table equal those
// scored on the exact counts; then keywords and extractive summaries per second, reading a saved table against
// counting it again (why it is saved under DATA_DIR), and the overlap of our keywords with Hugging Face's own
// ai_keywords for the papers that have both (../shared/data/hf-daily-papers.jsonl.gz).
//   node --expose-gc --import tsx bench/summaries.ts [--papers N] [--sample N]
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { cleanAbstract, cleanTitle } from '../src/core/text.ts';
import { type DocFreqs, DocFreqSketch, sketchWidthFor } from '../src/summaries/doc-freq.ts';
import { centralSentence } from '../src/summaries/extractive.ts';
import { extractKeywords } from '../src/summaries/keywords.ts';
import { phraseKeys } from '../src/summaries/phrases.ts';
import { printTable, SHARED, sharedFileOrExit } from './lib.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const maxPapers = numberArg('--papers', 1_000_000);
const sampleSize = numberArg('--sample', 20_000);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('(run with node --expose-gc for the memory figures)');
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

interface Paper {
  id: string;
  title: string;
  abstract: string;
}

async function* jsonLines(file: string): AsyncGenerator<unknown> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line);
}

const papers: Paper[] = [];
for await (const r of jsonLines(sharedFileOrExit('data/arxiv-papers.jsonl.gz')) as AsyncGenerator<{
  arxiv_id: string;
  title?: string;
  abstract?: string;
}>) {
  // As the importer stores them.
  papers.push({ id: r.arxiv_id, title: cleanTitle(r.title ?? ''), abstract: cleanAbstract(r.abstract ?? '') });
  if (papers.length >= maxPapers) break;
}
console.log(`${papers.length.toLocaleString('en-US')} papers`);

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
const rows: (string | number)[][] = [];

// The baseline: every phrase key of every paper in a Map.
let before = heapMb();
let t = performance.now();
const exact = new Map<string, number>();
let insertions = 0;
for (const p of papers) {
  for (const k of phraseKeys(p.title, p.abstract)) {
    exact.set(k, (exact.get(k) ?? 0) + 1);
    insertions++;
  }
}
const exactMs = performance.now() - t;
const exactMb = heapMb() - before;
const exactFreqs: DocFreqs = { docs: papers.length, df: (k) => exact.get(k) ?? 0 };
rows.push([
  'exact Map (baseline)',
  rate(papers.length, exactMs),
  gc ? exactMb.toFixed(0) : '-',
  '100.0%',
  `${exact.size.toLocaleString('en-US')} keys`,
]);

// Keywords of a sample, scored on the exact counts: what each table is compared with.
const step = Math.max(1, Math.floor(papers.length / sampleSize));
const sample = papers.filter((_, i) => i % step === 0).slice(0, sampleSize);
const exactKeywords = sample.map((p) => extractKeywords(p.title, p.abstract, exactFreqs));

function agreement(freqs: DocFreqs): number {
  let same = 0;
  let all = 0;
  sample.forEach((p, i) => {
    const ours = new Set(extractKeywords(p.title, p.abstract, freqs));
    for (const k of exactKeywords[i]!) if (ours.has(k)) same++;
    all += exactKeywords[i]!.length;
  });
  return same / Math.max(1, all);
}

const defaultWidth = sketchWidthFor(Math.ceil(papers.length * 1.5));
let chosen: DocFreqSketch | null = null;
let countMs = 0;
for (const width of [...new Set([1 << 18, 1 << 20, defaultWidth, 1 << 22])].sort((a, b) => a - b)) {
  before = heapMb();
  t = performance.now();
  const sketch = new DocFreqSketch(width, 4);
  for (const p of papers) sketch.addDocument(phraseKeys(p.title, p.abstract));
  const ms = performance.now() - t;
  const agree = agreement(sketch);
  rows.push([
    `count-min 4 x 2^${Math.log2(width)}${width === defaultWidth ? ' (default)' : ''}`,
    rate(papers.length, ms),
    (sketch.bytes / 1e6).toFixed(0),
    `${(agree * 100).toFixed(1)}%`,
    '',
  ]);
  if (width === defaultWidth) {
    chosen = sketch;
    countMs = ms;
  }
}
console.log(
  `\nPhrase document frequencies (${insertions.toLocaleString('en-US')} paper-phrase pairs); keywords compared on ${sample.length.toLocaleString('en-US')} papers`,
);
printTable(['table', 'papers/s', 'MB', 'same keywords as exact', ''], rows);
exact.clear();

// Keywords and extractive summaries on the default table, and the saved table read back.
const sketch = chosen!;
t = performance.now();
for (const p of sample) extractKeywords(p.title, p.abstract, sketch);
const keywordsMs = performance.now() - t;
t = performance.now();
for (const p of sample) centralSentence(p.title, p.abstract, sketch);
const summaryMs = performance.now() - t;
const file = `${fs.mkdtempSync('/tmp/dp-bench-summaries-')}/doc-freq.bin`;
fs.writeFileSync(file, sketch.serialize());
t = performance.now();
const loaded = DocFreqSketch.deserialize(fs.readFileSync(file))!;
const loadMs = performance.now() - t;
fs.rmSync(file);
console.log('');
printTable(
  ['step', 'papers/s', 'ms'],
  [
    ['keywords', rate(sample.length, keywordsMs), (keywordsMs / sample.length).toFixed(3)],
    ['extractive summary', rate(sample.length, summaryMs), (summaryMs / sample.length).toFixed(3)],
    [`count the table (${papers.length.toLocaleString('en-US')} papers)`, rate(papers.length, countMs), countMs.toFixed(0)],
    [`read the saved table (${(loaded.bytes / 1e6).toFixed(0)} MB)`, '', loadMs.toFixed(0)],
  ],
);

// Against Hugging Face's own keywords, where a paper has both: exact matches after lowercasing and a plural's "s".
const hfFile = `${SHARED}/data/hf-daily-papers.jsonl.gz`;
if (!fs.existsSync(hfFile)) {
  console.log(`\nskipped the comparison with Hugging Face: ${hfFile} is not present`);
} else {
  const byId = new Map(papers.map((p) => [p.id, p]));
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/s\b/g, '')
      .trim();
  let both = 0;
  let matched = 0;
  let ours = 0;
  let theirs = 0;
  let hfCovered = 0;
  for await (const day of jsonLines(hfFile) as AsyncGenerator<{ body: unknown }>) {
    const body = Array.isArray(day.body) ? day.body : ((day.body as { data?: unknown[] } | null)?.data ?? []);
    for (const item of body as { paper?: { id?: string; ai_keywords?: string[] } }[]) {
      const hf = item?.paper;
      const p = hf?.id ? byId.get(hf.id) : undefined;
      if (!p || !hf?.ai_keywords?.length) continue;
      const hfSet = new Set(hf.ai_keywords.map(norm));
      const mine = extractKeywords(p.title, p.abstract, sketch).map(norm);
      const hits = mine.filter((k) => hfSet.has(k)).length;
      both++;
      matched += hits;
      ours += mine.length;
      theirs += hfSet.size;
      if (hits > 0) hfCovered++;
    }
  }
  console.log(`\nOur keywords against Hugging Face's ai_keywords (${both.toLocaleString('en-US')} papers with both)`);
  printTable(
    ['measure', 'value'],
    [
      ['ours that HF also lists (precision)', `${((matched / ours) * 100).toFixed(1)}%`],
      ["HF's that we also find (recall)", `${((matched / theirs) * 100).toFixed(1)}%`],
      ['papers with at least one in common', `${((hfCovered / both) * 100).toFixed(1)}%`],
      ['keywords per paper, ours / HF', `${(ours / both).toFixed(1)} / ${(theirs / both).toFixed(1)}`],
    ],
  );
}
