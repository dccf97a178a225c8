// The offline summary: the abstract's most central sentence. Each sentence (and the title) becomes a vector of its
// content words weighted by tf-idf over the corpus; the sentence most similar on average to the others and the title
// says what the whole abstract says (the centroid idea of LexRank, Erkan & Radev 2004, without the graph walk,
// which on eight sentences picks the same one). Sentences too short to say anything, or that only point to code,
// are passed over while another is left.
import { type DocFreqs, inverseDocFreq } from './doc-freq.ts';
import { contentWordKeys } from './phrases.ts';
import { splitSentences } from './sentences.ts';

// Fewer content words than this is a fragment ("Code is available."), more than this a run-on list.
const MIN_WORDS = 6;
const MAX_WORDS = 60;
// Sentences that only say where the code or data is: never the summary while another sentence is left.
const POINTER = /https?:\/\/|github\.com|\b(?:code|data|models?|datasets?) (?:is|are|will be) (?:publicly )?(?:available|released)/i;

type Vector = Map<string, number>;

function vectorOf(text: string, freqs: DocFreqs): { vector: Vector; words: number } {
  const keys = contentWordKeys(text);
  const vector: Vector = new Map();
  for (const k of keys) vector.set(k, (vector.get(k) ?? 0) + 1);
  let norm = 0;
  for (const [k, tf] of vector) {
    const w = tf * inverseDocFreq(freqs, k);
    vector.set(k, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, w] of vector) vector.set(k, w / norm);
  return { vector, words: keys.length };
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, w] of small) dot += w * (large.get(k) ?? 0);
  return dot;
}

/** Returns the abstract's most central sentence as written (math and all), or null for an empty abstract. */
export function centralSentence(title: string, abstract: string, freqs: DocFreqs): string | null {
  const sentences = splitSentences(abstract);
  if (sentences.length <= 1) return sentences[0] ?? null;
  const vectors = sentences.map((s) => vectorOf(s, freqs));
  const titleVector = vectorOf(title, freqs).vector;
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < sentences.length; i++) {
    const { vector, words } = vectors[i]!;
    let sum = cosine(vector, titleVector);
    for (let j = 0; j < sentences.length; j++) if (j !== i) sum += cosine(vector, vectors[j]!.vector);
    let score = sum / sentences.length; // the others and the title
    // Out-of-shape sentences lose to any sentence in shape, but still beat nothing.
    if (words < MIN_WORDS || words > MAX_WORDS || POINTER.test(sentences[i]!)) score -= 10;
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return sentences[best]!;
}
