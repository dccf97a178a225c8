// The search service of this process as the web sees it (search/access.ts): the pages' calls answered here, from
// the indexes in memory. The primary of several web workers answers their calls through this same adapter.
import type { Sql } from '../db/connect.ts';
import { forYouPicks } from '../recommend/for-you.ts';
import { featureRowCache } from '../recommend/feature-rows.ts';
import type { SearchAccess } from '../search/access.ts';
import type { SearchService } from '../search/service.ts';
import { sharedKeyTerms, similarityReason } from '../search/shared-terms.ts';
import { listPapersByIds } from '../store/search-papers.ts';

export function localSearchAccess(service: SearchService, sql: Sql): SearchAccess {
  return {
    search: (req, mode) => service.search(req, mode),
    async similar(paper, k, minScore) {
      const near = service.similar(paper.id, k).filter((h) => h.score >= minScore);
      if (near.length === 0) return { hits: [], available: service.semantic()?.index.has(paper.id) ?? false };
      // The reason names the rarest words both use: document frequencies from the keyword index.
      const others = await listPapersByIds(
        sql,
        near.map((h) => h.id),
      );
      const index = service.keywordIndex();
      const df = (term: string) => {
        const t = index.termId(term);
        return t === undefined ? 0 : index.liveDf(t);
      };
      const me = { title: paper.title, abstract: paper.abstract, authors: [], categories: [] };
      const textOf = new Map(others.map((p) => [p.id, p]));
      const hits = near.flatMap((h) => {
        const p = textOf.get(h.id);
        if (!p) return [];
        const shared = sharedKeyTerms(
          me,
          { title: p.title, abstract: p.abstract, authors: [], categories: [] },
          df,
          Math.max(index.size, 1),
        );
        return [{ id: h.id, score: h.score, reason: similarityReason(shared) }];
      });
      return { hits, available: true };
    },
    forYouPicks: (signals, limit, among) =>
      forYouPicks(service, signals, limit, { featureRows: featureRowCache(sql), ...(among ? { among: new Set(among) } : {}) }),
    status: () => ({ building: service.building(), semanticReady: service.semantic() !== null, version: service.version() }),
  };
}
