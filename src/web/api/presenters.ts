// Maps stored papers to Hugging Face's JSON shapes (/api/daily_papers items and /api/papers/{id}),
// so scripts written for huggingface.co work against this site. Field names follow HF exactly.
import type { FeedPaper, Organization, Submitter } from '../../store/papers.ts';

function presentOrganization(o: Organization | null) {
  return o ? { name: o.name, fullname: o.fullname ?? o.name, avatar: o.avatarUrl } : undefined;
}

function presentSubmitter(s: Submitter | null) {
  return s ? { name: s.name, user: s.name, fullname: s.fullname ?? s.name, avatarUrl: s.avatarUrl, type: 'user' } : undefined;
}

/** The `paper` object: what HF returns from /api/papers/{id} and inside each daily_papers item. */
export function presentPaper(p: FeedPaper) {
  return {
    id: p.id,
    authors: p.authors.map((name, i) => ({ _id: `${p.id}-${i}`, name, hidden: false })),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    submittedOnDailyAt: p.submittedAt?.toISOString() ?? (p.dailyDate ? `${p.dailyDate}T00:00:00.000Z` : undefined),
    submittedOnDailyBy: presentSubmitter(p.submittedBy),
    title: p.title,
    summary: p.abstract,
    upvotes: p.upvotes,
    discussionId: p.id,
    githubRepo: p.githubRepo ?? undefined,
    githubStars: p.githubStars ?? undefined,
    projectPage: p.projectPage ?? undefined,
    ai_summary: p.aiSummary ?? undefined,
    ai_keywords: p.aiKeywords ?? undefined,
    organization: presentOrganization(p.organization),
    withdrawn: p.withdrawn || undefined,
  };
}

/** One item of /api/daily_papers. */
export function presentDailyItem(p: FeedPaper) {
  return {
    paper: presentPaper(p),
    publishedAt: (p.submittedAt ?? p.publishedAt)?.toISOString() ?? null,
    title: p.title,
    summary: p.abstract,
    thumbnail: p.thumbnail ?? undefined,
    numComments: p.hfNumComments, // Hugging Face's discussion count; this site's comments are not HF's
    submittedBy: presentSubmitter(p.submittedBy),
    organization: presentOrganization(p.organization),
    isAuthorParticipating: false,
  };
}
