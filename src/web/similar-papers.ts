// The papers shown as similar to one: nearest by meaning (the vector index), as cards, each with its reason.
import { sharedKeyTerms, similarityReason } from '../search/shared-terms.ts';
import { listPapersByIds } from '../store/search-papers.ts';
import type { FeedPaper } from '../store/papers.ts';
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
  const search = deps.search;
  if (!search) return { papers: [], reasons: new Map(), available: false };
  const hits = search.similar(paper.id, k).filter((h) => h.score >= MIN_SIMILARITY);
  if (hits.length === 0) return { papers: [], reasons: new Map(), available: search.semantic()?.index.has(paper.id) ?? false };
  const papers = await listPapersByIds(
    deps.sql,
    hits.map((h) => h.id),
  );
  const index = search.keywordIndex();
  const df = (term: string) => {
    const t = index.termId(term);
    return t === undefined ? 0 : index.liveDf(t);
  };
  const me = { title: paper.title, abstract: paper.abstract, authors: [], categories: [] };
  const reasons = new Map(
    papers.map((p) => [
      p.id,
      similarityReason(
        sharedKeyTerms(me, { title: p.title, abstract: p.abstract, authors: [], categories: [] }, df, Math.max(index.size, 1)),
      ),
    ]),
  );
  return { papers, reasons, available: true };
}
