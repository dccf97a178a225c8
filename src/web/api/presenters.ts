// Maps stored papers to Hugging Face's JSON shapes (/api/daily_papers items and /api/papers/{id}),
// so scripts written for huggingface.co work against this site. Field names and meanings follow HF exactly:
// a paper mirrored from HF starts from HF's own objects as sent (fields this site does not model stay), and this
// site's live values (upvotes, comments, verified authors, its own submitters and summaries) go on top.
import type { ApiExtras, ClaimedAuthor, LinkedRepos } from '../../store/api-extras.ts';
import type { FeedPaper, Organization, Submitter } from '../../store/papers.ts';

type Json = { [key: string]: unknown };

/** What presenting needs besides the paper: its extras and where the site is (for absolute links). */
export interface PresentContext {
  extras: Map<string, ApiExtras>;
  baseUrl: string;
}

// This site has no profile pictures; HF's client and scripts expect an image URL, so they get the site's icon.
const avatarOf = (baseUrl: string) => `${baseUrl}/static/favicon.svg`;

/** The paper's organization: as HF sent it with this paper (its name, avatar and _id then), else this site's record. */
function presentOrganization(o: Organization | null, hf: unknown) {
  if (!o) return undefined;
  if (hf && typeof hf === 'object' && (hf as Json).name === o.name) return hf as Json;
  return { name: o.name, fullname: o.fullname ?? o.name, avatar: o.avatarUrl };
}

/** A link HF sent as it sent it (HF parity: scripts get what huggingface.co gives), else the one found here. */
function sentOr(sent: unknown, ours: string | null): string | undefined {
  return typeof sent === 'string' ? sent : (ours ?? undefined);
}

/** A user of this site as HF shows a user. */
function siteUser(baseUrl: string, u: { userId: number; username: string; displayName: string }) {
  return { _id: String(u.userId), avatarUrl: avatarOf(baseUrl), isPro: false, fullname: u.displayName, user: u.username, type: 'user' };
}

/** Who put the paper on the daily list: HF's object as sent for a mirrored pick, else this site's member. */
function presentSubmitter(s: Submitter | null, sent: unknown, userId: number | null, baseUrl: string) {
  if (sent && typeof sent === 'object') return sent as Json;
  if (!s) return undefined;
  return {
    ...(userId !== null ? siteUser(baseUrl, { userId, username: s.name, displayName: s.fullname ?? s.name }) : {}),
    avatarUrl: s.avatarUrl ?? avatarOf(baseUrl),
    isPro: false,
    fullname: s.fullname ?? s.name,
    user: s.name,
    type: 'user',
    name: s.name,
    ...(userId === null ? { _id: s.name } : {}),
  };
}

/**
 * The author list: HF's author objects for a mirrored paper (accounts, claim status, ids kept), else one per name; an
 * author verified on this site is that site user, status "claimed_verified", as HF marks a claimed author.
 */
function presentAuthors(p: FeedPaper, sent: unknown, claims: ClaimedAuthor[], baseUrl: string) {
  const byPosition = new Map(claims.map((c) => [c.position, c]));
  const authors: Json[] = Array.isArray(sent)
    ? (sent as Json[])
    : p.authors.map((name, i) => ({ _id: `${p.id}-${i}`, name, hidden: false }));
  return authors.map((base, i) => {
    const claim = byPosition.get(i);
    // A claim names a position in this site's author list; HF's list may differ from arXiv's (then by name).
    if (!claim || (base.name !== p.authors[i] && Array.isArray(sent))) return base;
    return {
      ...base,
      user: siteUser(baseUrl, claim),
      status: 'claimed_verified',
      statusLastChangedAt: (claim.verifiedAt ?? new Date(0)).toISOString(),
    };
  });
}

/**
 * When the paper was put on the daily list, which is what huggingface_hub reads the item's publishedAt as (its
 * `submitted_at`; HF's own test expects a week's items within that week): HF's submission time for a mirrored pick
 * (HF's bodies since 2025 carry arXiv's time there instead, shifted by the New York offset), the submission here, else
 * the day it is listed on.
 */
function listedAt(p: FeedPaper, sentPaper: Json, sentItem: Json): string | null {
  if (typeof sentPaper.submittedOnDailyAt === 'string') return sentPaper.submittedOnDailyAt;
  if (typeof sentItem.publishedAt === 'string') return sentItem.publishedAt;
  if (p.submittedAt) return p.submittedAt.toISOString();
  return p.dailyDate ? `${p.dailyDate}T00:00:00.000Z` : (p.publishedAt?.toISOString() ?? null);
}

/** Drops undefined values, so absent fields are absent keys as on HF (JSON.stringify would too; tests compare objects). */
function defined(o: Json): Json {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** The `paper` object: what HF returns inside each daily_papers item (and, with more, from /api/papers/{id}). */
export function presentPaper(p: FeedPaper, ctx: PresentContext): Json {
  const extras = ctx.extras.get(p.id);
  const sent = extras?.hfFields?.paper ?? {};
  return defined({
    ...sent,
    id: p.id,
    authors: presentAuthors(p, sent.authors, extras?.claimedAuthors ?? [], ctx.baseUrl),
    // HF's is arXiv's time of the first version; the dumps this site may also hold give some papers another day.
    publishedAt: sent.publishedAt ?? p.publishedAt?.toISOString() ?? null,
    submittedOnDailyAt:
      (sent.submittedOnDailyAt as string | undefined) ??
      p.submittedAt?.toISOString() ??
      (p.dailyDate ? `${p.dailyDate}T00:00:00.000Z` : undefined),
    submittedOnDailyBy: presentSubmitter(p.submittedBy, sent.submittedOnDailyBy, extras?.submitterUserId ?? null, ctx.baseUrl),
    // arXiv's text as it was sent (HF keeps its line breaks); this site keeps a cleaned copy for display.
    title: typeof sent.title === 'string' ? sent.title : p.title,
    summary: typeof sent.summary === 'string' ? sent.summary : p.abstract,
    upvotes: p.upvotes,
    discussionId: (sent.discussionId as string | undefined) ?? p.id,
    githubRepo: sentOr(sent.githubRepo, p.githubRepo),
    githubStars: p.githubStars ?? undefined,
    projectPage: sentOr(sent.projectPage, p.projectPage),
    ai_summary: sent.ai_summary ?? p.aiSummary ?? undefined,
    ai_keywords: sent.ai_keywords ?? p.aiKeywords ?? undefined,
    // HF names the model of its summaries since 2025; this site names its own (a chat model, or 'extractive').
    ai_summary_model: sent.ai_summary_model ?? (p.aiSummary ? (p.aiSummaryModel ?? undefined) : undefined),
    organization: presentOrganization(p.organization, sent.organization),
    withdrawn: p.withdrawn || undefined,
  });
}

const NO_LINKED_REPOS: LinkedRepos = {
  linkedModels: [],
  numTotalModels: 0,
  linkedDatasets: [],
  numTotalDatasets: 0,
  linkedSpaces: [],
  numTotalSpaces: 0,
};

/** /api/papers/{id}: the paper object with its discussion size and its linked models, datasets and Spaces. */
export function presentPaperInfo(p: FeedPaper, ctx: PresentContext): Json {
  const extras = ctx.extras.get(p.id);
  return { ...presentPaper(p, ctx), numComments: p.hfNumComments + p.numComments, ...(extras?.linked ?? NO_LINKED_REPOS) };
}

/** One item of /api/daily_papers (and of /api/papers/search). */
export function presentDailyItem(p: FeedPaper, ctx: PresentContext): Json {
  const extras = ctx.extras.get(p.id);
  const sentItem = extras?.hfFields?.item ?? {};
  const paper = presentPaper(p, ctx);
  return defined({
    ...sentItem,
    paper,
    publishedAt: listedAt(p, extras?.hfFields?.paper ?? {}, sentItem),
    title: typeof sentItem.title === 'string' ? sentItem.title : paper.title,
    summary: typeof sentItem.summary === 'string' ? sentItem.summary : paper.summary,
    thumbnail: p.thumbnail ?? undefined,
    // The discussion on Hugging Face and here: one conversation to a script that counts it.
    numComments: p.hfNumComments + p.numComments,
    submittedBy: presentSubmitter(p.submittedBy, sentItem.submittedBy, extras?.submitterUserId ?? null, ctx.baseUrl),
    organization: presentOrganization(p.organization, sentItem.organization),
    isAuthorParticipating: sentItem.isAuthorParticipating === true || (extras?.authorCommented ?? false),
  });
}
