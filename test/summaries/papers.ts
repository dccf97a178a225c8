// Four abstracts written for these tests in arXiv's style (hard facts invented): math, "e.g.", "et al.", decimals,
// acronyms, a code pointer and a title in Title Case, as real ones have. Plus a small background corpus, so the
// phrases every paper says ("language models") weigh less than the ones only one says ("speculative decoding").
import { DocFreqSketch } from '../../src/summaries/doc-freq.ts';
import { phraseKeys } from '../../src/summaries/phrases.ts';

export interface TestPaper {
  id: string;
  title: string;
  abstract: string;
}

export const SPECULATIVE: TestPaper = {
  id: '2601.00001',
  title: 'Tree Drafts for Speculative Decoding of Large Language Models',
  abstract:
    'Large language models (LLMs) generate text one token at a time, which makes inference slow on modern accelerators. ' +
    'Speculative decoding speeds up generation by letting a small draft model propose several tokens that the target model ' +
    'verifies in parallel, e.g. with a single forward pass. We introduce tree drafts, a speculative decoding scheme in ' +
    'which the draft model proposes a tree of continuations and the target model accepts the longest verified path. ' +
    'Unlike the chain drafts of Leviathan et al. (2023), tree drafts keep the acceptance rate high when the draft model is ' +
    'uncertain. On three benchmarks tree drafts accelerate speculative decoding by 2.7x over autoregressive decoding with ' +
    'an acceptance rate of 0.81, without changing the output distribution. Code is available at https://github.com/example/tree-drafts.',
};

export const AGENTS: TestPaper = {
  id: '2601.00002',
  title: 'Memory Graphs Make LLM Agents Better Planners',
  abstract:
    'LLM agents solve long-horizon tasks by interleaving reasoning and tool calls, but they forget what they observed ' +
    'earlier in an episode. We propose memory graphs, a structured memory in which LLM agents store observations as ' +
    'nodes and link them by the tool calls that produced them. At each step the agent retrieves a subgraph relevant to ' +
    'its current goal instead of rereading the whole history. Memory graphs improve the success rate of LLM agents on ' +
    'web navigation from 41.2% to 57.9% and halve the number of tool calls per episode. An ablation shows that the links ' +
    'between observations matter more than the retrieval model.',
};

export const DIFFUSION: TestPaper = {
  id: '2601.00003',
  title: 'Consistency Distillation for One-Step Video Diffusion',
  abstract:
    'Video diffusion models produce high-quality clips but need dozens of denoising steps. We study consistency ' +
    'distillation for video diffusion, where a student is trained to map any noisy latent $x_t$ to the clean latent ' +
    '$x_0$ in one step. We show that naive consistency distillation blurs motion, and we add a temporal consistency ' +
    'loss over optical flow that keeps motion sharp. Our one-step student reaches an FVD of 112.4 on UCF-101, close to ' +
    'the 50-step teacher, while generating a clip in 0.3 s. The temporal consistency loss also improves two-step and ' +
    'four-step students.',
};

export const GRAPHS: TestPaper = {
  id: '2601.00004',
  title: 'Spectral Sparsification of Hypergraphs in Nearly Linear Time',
  abstract:
    'A spectral sparsifier of a hypergraph $H$ is a reweighted sub-hypergraph whose energy $Q_H(x)$ is within a factor ' +
    '$1 \\pm \\epsilon$ of that of $H$ for every vector $x \\in \\mathbb{R}^n$. We give an algorithm that computes a ' +
    'spectral sparsifier with $O(n \\log n / \\epsilon^2)$ hyperedges in time nearly linear in the size of the ' +
    'hypergraph. The algorithm samples hyperedges by their effective resistance in an associated graph, cf. Spielman ' +
    'and Srivastava. As a corollary, cuts of hypergraphs can be approximated in nearly linear time.',
};

export const PAPERS = [SPECULATIVE, AGENTS, DIFFUSION, GRAPHS];

// What the rest of a corpus says: common words and phrases many papers use.
const BACKGROUND_SENTENCES = [
  'Large language models achieve strong results on many benchmarks.',
  'We train language models on web data and evaluate them on reasoning benchmarks.',
  'Diffusion models generate images from noise with many denoising steps.',
  'We propose a model that improves the success rate on several benchmarks.',
  'The model is trained on a large dataset and evaluated on three benchmarks.',
  'Graph neural networks learn representations of nodes in a graph.',
  'Our method reduces inference time and memory on modern accelerators.',
  'Agents interact with an environment and receive a reward at each step.',
];

/** `n` background papers, each a few of the sentences above in turn. */
export function backgroundCorpus(n: number): TestPaper[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `2512.${String(i).padStart(5, '0')}`,
    title: `A Study of Models Number ${i}`,
    abstract: [0, 1, 2].map((k) => BACKGROUND_SENTENCES[(i + k * 3) % BACKGROUND_SENTENCES.length]).join(' '),
  }));
}

/** The corpus statistics of `papers`, as the summary job counts them. */
export function corpusOf(papers: readonly TestPaper[]): DocFreqSketch {
  const sketch = new DocFreqSketch(1 << 16);
  for (const p of papers) sketch.addDocument(phraseKeys(p.title, p.abstract));
  return sketch;
}
