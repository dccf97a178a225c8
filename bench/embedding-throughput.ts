// What embedding every paper costs with EMBEDDINGS=auto's model on this machine, without downloading it: a random-
// weight BERT of all-MiniLM-L6-v2's shape (6 layers, hidden 384, 12 heads, feed-forward 1,536, vocabulary 30,522;
// bert-shaped-model.ts) run by the site's own ONNX provider at its settings (256 tokens, batches of 32), on real
// titles and abstracts (../shared, else generated text), against the corpus model embedding the same papers in the
// same run. Its WordPiece vocabulary is the corpus's most frequent words plus letter pieces, so rare words split
// into several tokens as they do in the real one. The real export is int8 (model_quantized.onnx); this one is
// float32, so it is an upper bound on the time. Prints papers a second and the hours for 167k and 1M papers.
//   npx tsx bench/embedding-throughput.ts [--papers N] [--rounds R]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CorpusModel } from '../src/embeddings/corpus-model.ts';
import { AUTO_MODEL } from '../src/embeddings/model-download.ts';
import { OnnxEmbeddingProvider } from '../src/embeddings/onnx-provider.ts';
import type { PaperText } from '../src/embeddings/provider.ts';
import { tinyTokenizerJson } from '../test/helpers/onnx-tiny-model.ts';
import { bertShapedModel, MINILM_L6 } from './bert-shaped-model.ts';
import { readCorpusPapers } from './corpus-vectors.ts';
import { median, printTable, SHARED } from './lib.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const count = numberArg('--papers', 320);
const rounds = numberArg('--rounds', 3);

let papers: PaperText[];
if (fs.existsSync(path.join(SHARED, 'data', 'arxiv-papers.jsonl.gz'))) {
  // Every 100th of the first 60,000 papers: the mix of fields and abstract lengths, not the file's first day.
  papers = (await readCorpusPapers(60_000)).filter((_, i) => i % 100 === 0).slice(0, count);
} else {
  console.log(`${SHARED}/data is absent: generated abstracts of 180 words instead of real papers`);
  const words = 'we propose a method for training language models with attention and diffusion on images video graphs'.split(' ');
  papers = Array.from({ length: count }, (_, i) => ({
    title: `Paper ${i} on ${words[i % words.length]} models`,
    abstract: Array.from({ length: 180 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' '),
    authors: [],
    categories: [],
  }));
}

// The tokenizer: the tiny model's BERT WordPiece setup over this vocabulary.
const frequency = new Map<string, number>();
for (const p of papers)
  for (const w of `${p.title} ${p.abstract}`.toLowerCase().match(/[a-z0-9]+/g) ?? []) frequency.set(w, (frequency.get(w) ?? 0) + 1);
const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const pieces = [...letters, ...letters.map((a) => `##${a}`), ...letters.flatMap((a) => letters.map((b) => `##${a}${b}`))];
const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const frequent = [...frequency]
  .sort((a, b) => b[1] - a[1])
  .map(([w]) => w)
  .filter((w) => w.length > 1)
  // A word seen once or twice in this sample would be rare in a real vocabulary too: it is split into pieces.
  .filter((w) => frequency.get(w)! > 2)
  .slice(0, MINILM_L6.vocabulary - special.length - pieces.length);
const vocabulary = [...new Set([...special, ...pieces, ...frequent])];
const tokenizer = tinyTokenizerJson() as { model: { vocab: Record<string, number> } };
tokenizer.model.vocab = Object.fromEntries(vocabulary.map((t, i) => [t, i]));

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bert-shaped-'));
fs.mkdirSync(path.join(folder, 'onnx'));
let started = performance.now();
const bytes = bertShapedModel(MINILM_L6);
fs.writeFileSync(path.join(folder, 'onnx', 'model.onnx'), bytes);
fs.writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(tokenizer));
console.log(
  `random-weight model of all-MiniLM-L6-v2's shape: ${(bytes.length / 1e6).toFixed(0)} MB written in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `${papers.length} papers, vocabulary ${vocabulary.length.toLocaleString('en-US')} pieces, ${os.cpus().length} cores`,
);
const provider = await OnnxEmbeddingProvider.open(folder, { modelFile: 'onnx/model.onnx', maxTokens: AUTO_MODEL.maxTokens });
started = performance.now();
const corpus = CorpusModel.fit(papers);
const fitSeconds = (performance.now() - started) / 1000;

const onnxRuns: number[] = [];
const corpusRuns: number[] = [];
for (let r = 0; r < rounds; r++) {
  started = performance.now();
  for (const p of papers) corpus.embedPaper(p);
  corpusRuns.push((performance.now() - started) / 1000);
  started = performance.now();
  await provider.embedDocuments(papers);
  onnxRuns.push((performance.now() - started) / 1000);
}
const rate = (seconds: number) => papers.length / seconds;
const hours = (perSecond: number, n: number) => (n / perSecond / 3600).toFixed(perSecond > 1000 ? 3 : 1);
const onnxRate = rate(median(onnxRuns));
const corpusRate = rate(median(corpusRuns));
console.log();
printTable(
  ['model', 'papers/s (median)', 'hours for 167,211', 'hours for 1,000,000'],
  [
    ['corpus model (LSA + pairs), embedding only', corpusRate.toFixed(0), hours(corpusRate, 167_211), hours(corpusRate, 1_000_000)],
    ['all-MiniLM-L6-v2 shape, float32, 256 tokens', onnxRate.toFixed(1), hours(onnxRate, 167_211), hours(onnxRate, 1_000_000)],
  ],
);
console.log();
console.log(
  `corpus model / ONNX model: ${(corpusRate / onnxRate).toFixed(0)}x; the corpus model's fit on these ${papers.length} papers took ${fitSeconds.toFixed(1)} s ` +
    `(the server fits on EMBEDDINGS_FIT_SAMPLE papers first, then embeds)`,
);
fs.rmSync(folder, { recursive: true, force: true });
