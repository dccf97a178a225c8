// What goes into one subscriber's digest: sections chosen from the period's papers by their
// preferences. Pure, so 10,000 digests cost 10,000 cheap calls on one shared list of candidates.
import type { CandidateRow } from '../store/digest-papers.ts';
import type { Preferences } from '../store/subscriptions.ts';

/** A paper of the period (as the store reads it), prepared once per run for selection and rendering. */
export interface DigestPaper extends CandidateRow {
  trendingRank: number; // 0 = most trending in the period
  /** Lowercased, accent-folded title and abstract, computed once per run for keyword matching. */
  searchText: string;
  /** Title and shortened abstract as plain text (math as TeX), computed once per run for rendering. */
  plainTitle: string;
  plainAbstract: string;
}

export interface DigestSection {
  title: string;
  papers: DigestPaper[];
}

export const PER_SECTION = 8;
export const MAX_PAPERS = 30;
const TRENDING_IN_DIGEST = 10;

export function foldText(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function matchesKeyword(p: DigestPaper, keyword: string): boolean {
  const k = foldText(keyword).trim();
  if (!k) return false;
  // Whole words (or phrases), so "GAN" does not match "organ".
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(p.searchText);
}

/**
 * The sections of a digest, each paper in the first section it fits; empty when nothing matches. `forYou`: ids of
 * the period's papers ranked for this subscriber by their For you model (src/recommend/), best first.
 */
export function digestSections(candidates: readonly DigestPaper[], prefs: Preferences, forYou: readonly string[] = []): DigestSection[] {
  const used = new Set<string>();
  const sections: DigestSection[] = [];
  let total = 0;
  const add = (title: string, pick: (p: DigestPaper) => boolean, limit = PER_SECTION) => {
    const papers: DigestPaper[] = [];
    for (const p of candidates) {
      if (papers.length >= limit || total >= MAX_PAPERS) break;
      if (!used.has(p.id) && pick(p)) {
        papers.push(p);
        used.add(p.id);
        total++;
      }
    }
    if (papers.length > 0) sections.push({ title, papers });
  };
  if (prefs.forYou && forYou.length > 0) {
    const rank = new Map(forYou.map((id, i) => [id, i]));
    const ranked = candidates.filter((p) => rank.has(p.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    const before = used.size;
    for (const p of ranked.slice(0, PER_SECTION)) used.add(p.id);
    if (used.size > before) {
      sections.push({ title: 'For you', papers: ranked.slice(0, PER_SECTION) });
      total += used.size - before;
    }
  }
  const authors = new Set(prefs.authors.map((a) => foldText(a).trim()).filter(Boolean));
  if (authors.size > 0) add('By authors you follow', (p) => p.authors.some((a) => authors.has(foldText(a))));
  for (const k of prefs.keywords) add(`Matching “${k}”`, (p) => matchesKeyword(p, k));
  for (const c of prefs.categories)
    add(`New in ${c}`, (p) => p.categories.includes(c) || p.categories.some((pc) => pc.split('.')[0] === c));
  if (prefs.includeTrending) add('Trending', (p) => p.trendingRank < TRENDING_IN_DIGEST, TRENDING_IN_DIGEST);
  return sections;
}
