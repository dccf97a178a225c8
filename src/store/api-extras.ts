// What the Hugging Face-shaped JSON API gives besides a paper card's fields (store/papers.ts FeedPaper): Hugging
// Face's item as it was mirrored, this site's verified authors, the models/datasets/Spaces linked on HF, and who of
// the authors joined the discussion. Read for the papers of one response only: the HTML pages never need them.
import type { Sql } from '../db/connect.ts';
import type { HfFields, LinkedRepos } from '../model/paper-record.ts';

export type { LinkedRepos };

/** An author of the paper verified on this site (an approved claim). */
export interface ClaimedAuthor {
  position: number;
  userId: number;
  username: string;
  displayName: string;
  verifiedAt: Date | null;
}

export interface ApiExtras {
  hfFields: HfFields | null;
  claimedAuthors: ClaimedAuthor[];
  /** The member who submitted the paper here, if one did. */
  submitterUserId: number | null;
  /** A verified author of the paper has commented on it here. */
  authorCommented: boolean;
  linked: LinkedRepos | null;
}

interface ExtrasRow {
  id: string;
  hf_fields: HfFields | null;
  claims: { position: number; userId: number; username: string; displayName: string; verifiedAt: string | null }[] | null;
  submitted_by_user_id: number | null;
  author_commented: boolean;
  linked: LinkedRepos | null;
}

/** Returns the API extras of the papers `ids` (those that exist), in one round trip. */
export async function apiExtrasOf(sql: Sql, ids: readonly string[]): Promise<Map<string, ApiExtras>> {
  if (ids.length === 0) return new Map();
  // Approved claims are few per paper and indexed by (paper_id, position); so are a paper's comments by paper.
  const rows = await sql<ExtrasRow[]>`
    SELECT p.id, p.hf_fields, p.submitted_by_user_id::int AS submitted_by_user_id, r.linked,
      (SELECT json_agg(json_build_object('position', a.position, 'userId', u.id, 'username', u.username,
                 'displayName', u.display_name, 'verifiedAt', a.decided_at) ORDER BY a.position)
         FROM author_claims a JOIN users u ON u.id = a.user_id
         WHERE a.paper_id = p.id AND a.status = 'approved') AS claims,
      EXISTS (SELECT 1 FROM comments c JOIN author_claims a ON a.paper_id = c.paper_id AND a.user_id = c.user_id
              WHERE c.paper_id = p.id AND a.status = 'approved' AND c.hidden_at IS NULL AND c.deleted_at IS NULL) AS author_commented
    FROM papers p LEFT JOIN hf_paper_repos r ON r.paper_id = p.id
    WHERE p.id = ANY(${ids as string[]})`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        hfFields: r.hf_fields,
        claimedAuthors: (r.claims ?? []).map((c) => ({ ...c, verifiedAt: c.verifiedAt ? new Date(c.verifiedAt) : null })),
        submitterUserId: r.submitted_by_user_id,
        authorCommented: r.author_commented,
        linked: r.linked,
      },
    ]),
  );
}
