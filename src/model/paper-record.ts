// The one shape every import format is mapped to before it reaches the database.

/** Authority of a record's metadata; a lower rank never overwrites a higher one. */
export const MetadataRank = { huggingFace: 0, aggregated: 1, arxiv: 2 } as const;

export interface OrganizationRecord {
  name: string;
  fullname: string | null;
  avatarUrl: string | null;
}

/** What Hugging Face adds to a paper besides its counts: code, project page, thumbnail, AI summary. */
export interface HfExtras {
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  thumbnail: string | null;
  aiSummary: string | null;
  aiKeywords: string[] | null;
}

export interface HfSignals extends HfExtras {
  /** What made aiSummary, as Hugging Face names it ("Qwen/Qwen2.5-Coder-32B-Instruct"); absent from older bodies. */
  aiSummaryModel: string | null;
  upvotes: number;
  numComments: number;
  organization: OrganizationRecord | null;
  /** The item as Hugging Face sent it, for the API to give back what this site does not model (see HfFields). */
  fields: HfFields | null;
}

/**
 * A Hugging Face daily_papers item as sent: `paper` is HF's paper object whole (its title and summary keep arXiv's line
 * breaks, its authors their HF accounts and claim status, its times arXiv's), `item` the item's other fields (the time
 * the paper was listed, mediaUrls, submitterOrganization, ...). HF adds fields over time; keeping the objects keeps them.
 */
export interface HfFields {
  paper: { [key: string]: unknown };
  item: { [key: string]: unknown };
}

/** The models, datasets and Spaces HF links to a paper, as its /api/papers/{id} body gives them (entries as sent). */
export interface LinkedRepos {
  linkedModels: unknown[];
  numTotalModels: number;
  linkedDatasets: unknown[];
  numTotalDatasets: number;
  linkedSpaces: unknown[];
  numTotalSpaces: number;
}

export interface DailyEntry {
  date: string; // YYYY-MM-DD
  source: 'hf' | 'arxiv';
  submittedAt: string | null; // ISO timestamp
  submittedBy: { name: string; fullname: string | null; avatarUrl: string | null } | null;
}

export interface PaperRecord {
  id: string;
  version: number | null;
  metadataRank: number;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primaryCategory: string | null;
  publishedAt: string | null; // ISO timestamp
  updatedAt: string | null;
  comments: string | null;
  journalRef: string | null;
  doi: string | null;
  reportNo: string | null;
  license: string | null;
  submitter: string | null;
  withdrawn: boolean;
  versions: { version: number; createdAt: string | null }[];
  links: { url: string; kind: 'code' | 'project'; source: 'abstract' | 'comments' | 'hf' }[];
  daily: DailyEntry | null;
  hf: HfSignals | null;
}

/** The arXiv-only fields of a record from a source that does not have them. */
export const NO_ARXIV_DETAILS = {
  comments: null,
  journalRef: null,
  doi: null,
  reportNo: null,
  license: null,
  submitter: null,
  versions: [],
} as const satisfies Partial<PaperRecord>;

/** Hugging Face signals known only by their counts (the aggregated dumps carry nothing else). */
export function countsOnlyHfSignals(upvotes: number, numComments: number): HfSignals {
  return {
    upvotes,
    numComments,
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    thumbnail: null,
    aiSummary: null,
    aiSummaryModel: null,
    aiKeywords: null,
    organization: null,
    fields: null,
  };
}

/** A line that could not become a PaperRecord, with the reason shown to the user. */
export class RecordError extends Error {
  override name = 'RecordError';
}

/** Withdrawn papers say so in their comments ("This paper has been withdrawn by the author"). */
export function looksWithdrawn(comments: string | null, abstract: string): boolean {
  return /\bwithdrawn\b/i.test(comments ?? '') || /^this (paper|article|submission) (has been|is) withdrawn/i.test(abstract);
}
