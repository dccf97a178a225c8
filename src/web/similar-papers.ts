// The papers shown as similar to one: nearest by meaning (search/access.ts), as cards, each with its reason.
import type { FeedPaper } from '../store/papers.ts';
import { listPapersByIds } from '../store/search-papers.ts';
import type { AppDeps } from './deps.ts';

// Below this cosine a neighbour is only the least far of the rest, not similar: a short list beats a padded one.
const MIN_SIMILARITY = 0.3;

export interface SimilarPapers {
  papers: FeedPaper[];
  reasons: Map<string, string>;
  /** Whether similar papers can be found at all (embeddings on and the paper embedded). */
  available: boolean;
}

/** Up to `k` papers like `paper`, best first, with the words they share. */
export async function similarPapers(
  deps: AppDeps,
  paper: { id: string; title: string; abstract: string },
  k: number,
): Promise<SimilarPapers> {
  if (!deps.search) return { papers: [], reasons: new Map(), available: false };
  const { hits, available } = await deps.search.similar(paper, k, MIN_SIMILARITY);
  if (hits.length === 0) return { papers: [], reasons: new Map(), available };
  const papers = await listPapersByIds(
    deps.sql,
    hits.map((h) => h.id),
  );
  return { papers, reasons: new Map(hits.map((h) => [h.id, h.reason])), available: true };
}
