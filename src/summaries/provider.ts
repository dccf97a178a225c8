// Where a paper's one-sentence AI summary comes from. The offline provider picks the abstract's most central sentence
// (extractive.ts) from the corpus statistics; an OpenAI-compatible chat endpoint (openai-chat-provider.ts) writes one.
// Either way the summary carries the name of what made it, stored as papers.ai_summary_model and shown on the page.
import type { DocFreqs } from './doc-freq.ts';
import { centralSentence } from './extractive.ts';

/** What a provider reads of a paper. */
export interface PaperToSummarize {
  id: string;
  title: string;
  abstract: string;
}

export interface Summary {
  text: string;
  /** What made it: EXTRACTIVE_MODEL, or the chat model's name. */
  model: string;
}

export interface SummaryProvider {
  /** Names the provider in logs and the model label of what it makes ("extractive", "gpt-4o-mini"). */
  readonly model: string;
  /** The paper's summary, or null when it has nothing to summarize (no abstract). `corpus` weighs its words. */
  summarize(paper: PaperToSummarize, corpus: DocFreqs, signal?: AbortSignal): Promise<Summary | null>;
}

/** The label of summaries this site picks from the abstract itself. */
export const EXTRACTIVE_MODEL = 'extractive';

/** A provider could not summarize (endpoint down, bad answer); the message says what to fix. */
export class SummaryError extends Error {
  override name = 'SummaryError';
  /** Whether trying the same paper again later may succeed (network, overload), as opposed to config or answer. */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/** The abstract's most central sentence, offline. */
export class ExtractiveSummaryProvider implements SummaryProvider {
  readonly model = EXTRACTIVE_MODEL;

  async summarize(paper: PaperToSummarize, corpus: DocFreqs): Promise<Summary | null> {
    const text = centralSentence(paper.title, paper.abstract, corpus);
    return text ? { text, model: EXTRACTIVE_MODEL } : null;
  }
}
