// Authorship claims: a user says "I am author number N of this paper", an admin approves or rejects,
// and approved claims mark the user as a verified author on the paper page and in its comments.
// Every decision goes to the public moderation log in the same transaction.
import type { Sql, Tx } from '../db/connect.ts';
import { announcePapersChanged } from './changes.ts';
import { logAction } from './moderation.ts';

export type ClaimStatus = 'pending' | 'approved' | 'rejected';

export interface VerifiedAuthor {
  /** 0-based index into the paper's author list. */
  position: number;
  userId: number;
  username: string;
  displayName: string;
}

/** Returns, for paper `paperId`, the users who are its verified authors and their positions (for comments). */
export async function verifiedAuthorsOf(sql: Sql | Tx, paperId: string): Promise<Map<number, number>> {
  const rows = await sql<{ userId: number; position: number }[]>`
    SELECT user_id::int AS "userId", position FROM author_claims WHERE paper_id = ${paperId} AND status = 'approved'`;
  return new Map(rows.map((r) => [r.userId, r.position]));
}

/** Returns the verified authors of paper `paperId` with their names, in author order (for the paper page). */
export async function verifiedAuthorsOnPaper(sql: Sql, paperId: string): Promise<VerifiedAuthor[]> {
  return sql<VerifiedAuthor[]>`
    SELECT a.position, u.id::int AS "userId", u.username, u.display_name AS "displayName"
    FROM author_claims a JOIN users u ON u.id = a.user_id
    WHERE a.paper_id = ${paperId} AND a.status = 'approved'
    ORDER BY a.position`;
}

/** Returns the users verified as the author written `name` on any paper (for the author page). */
export async function verifiedUsersForAuthorName(sql: Sql, name: string): Promise<{ username: string; displayName: string }[]> {
  // Approved claims are few; the GIN index narrows the papers to this author's before the join.
  return sql<{ username: string; displayName: string }[]>`
    SELECT DISTINCT u.username, u.display_name AS "displayName"
    FROM papers p
    JOIN author_claims a ON a.paper_id = p.id AND a.status = 'approved'
    JOIN users u ON u.id = a.user_id
    WHERE p.author_names @> ARRAY[${name}]::text[] AND p.author_names[a.position + 1] = ${name}
    ORDER BY u.username`;
}

export interface OwnClaim {
  id: number;
  position: number;
  status: ClaimStatus;
}

/** Returns `userId`'s claim on paper `paperId`, whatever its state, or null. */
export async function claimOfUser(sql: Sql, paperId: string, userId: number): Promise<OwnClaim | null> {
  const rows = await sql<OwnClaim[]>`
    SELECT id::int, position, status FROM author_claims WHERE paper_id = ${paperId} AND user_id = ${userId}`;
  return rows[0] ?? null;
}

/** Every claim of `userId`, by paper id (what a web process keeps in memory for a logged-in viewer). */
export async function claimsOfUser(sql: Sql, userId: number): Promise<Map<string, OwnClaim>> {
  const rows = await sql<(OwnClaim & { paperId: string })[]>`
    SELECT paper_id AS "paperId", id::int, position, status FROM author_claims WHERE user_id = ${userId}`;
  return new Map(rows.map(({ paperId, ...claim }) => [paperId, claim]));
}

export type ClaimResult =
  | { ok: true; claim: OwnClaim }
  | { ok: false; reason: 'no_paper' | 'bad_position' | 'position_taken' | 'already_claimed'; existing?: OwnClaim };

/**
 * Records `userId`'s pending claim to be author `position` (0-based) of paper `paperId`. Refused when the
 * paper has no such author, when that author is already verified as someone else, or when the user
 * already has a claim on the paper (one per user and paper, whatever became of it).
 */
export async function createClaim(sql: Sql, input: { paperId: string; userId: number; position: number }): Promise<ClaimResult> {
  return sql.begin(async (tx) => {
    // FOR SHARE keeps the author list from changing under the check (a metadata merge of a new version).
    const [paper] = await tx<{ authors: number }[]>`
      SELECT cardinality(author_names) AS authors FROM papers WHERE id = ${input.paperId} FOR SHARE`;
    if (!paper) return { ok: false, reason: 'no_paper' } as const;
    if (!Number.isInteger(input.position) || input.position < 0 || input.position >= paper.authors)
      return { ok: false, reason: 'bad_position' } as const;
    const existing = await tx<OwnClaim[]>`
      SELECT id::int, position, status FROM author_claims WHERE paper_id = ${input.paperId} AND user_id = ${input.userId}`;
    if (existing[0]) return { ok: false, reason: 'already_claimed', existing: existing[0] } as const;
    const taken = await tx`
      SELECT 1 FROM author_claims WHERE paper_id = ${input.paperId} AND position = ${input.position} AND status = 'approved'`;
    if (taken.length > 0) return { ok: false, reason: 'position_taken' } as const;
    const rows = await tx<OwnClaim[]>`
      INSERT INTO author_claims (paper_id, user_id, position) VALUES (${input.paperId}, ${input.userId}, ${input.position})
      ON CONFLICT (paper_id, user_id) DO NOTHING
      RETURNING id::int, position, status`;
    // A double-click that lost the race to its twin: the twin's claim stands.
    if (!rows[0]) return { ok: false, reason: 'already_claimed' } as const;
    return { ok: true, claim: rows[0] } as const;
  });
}

export interface PendingClaim {
  id: number;
  createdAt: Date;
  paperId: string;
  paperTitle: string;
  position: number;
  authorName: string | null;
  authorCount: number;
  userId: number;
  username: string;
  displayName: string;
  email: string;
  /** Other claims of this user already approved (a track record helps the decision). */
  approvedClaims: number;
}

/** Returns one page of the claims waiting for a decision, oldest first, and how many there are. */
export async function listPendingClaims(sql: Sql, limit: number, offset: number): Promise<{ claims: PendingClaim[]; total: number }> {
  const [claims, count] = await Promise.all([
    sql<PendingClaim[]>`
      SELECT a.id::int, a.created_at AS "createdAt", a.paper_id AS "paperId", p.title AS "paperTitle", a.position,
        p.author_names[a.position + 1] AS "authorName", cardinality(p.author_names) AS "authorCount",
        u.id::int AS "userId", u.username, u.display_name AS "displayName", u.email,
        (SELECT count(*)::int FROM author_claims o WHERE o.user_id = a.user_id AND o.status = 'approved') AS "approvedClaims"
      FROM author_claims a JOIN papers p ON p.id = a.paper_id JOIN users u ON u.id = a.user_id
      WHERE a.status = 'pending'
      ORDER BY a.created_at, a.id
      LIMIT ${limit} OFFSET ${offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM author_claims WHERE status = 'pending'`,
  ]);
  return { claims, total: count[0]?.n ?? 0 };
}

export type DecisionResult =
  | { ok: true; paperId: string }
  | { ok: false; reason: 'no_claim' | 'already_decided' | 'position_taken'; status?: ClaimStatus };

const UNIQUE_VIOLATION = '23505';

/**
 * Approves or rejects pending claim `claimId` as admin `adminId`, with the decision and `reason` in the
 * moderation log, in one transaction. An approval that would give an author position a second verified
 * user is refused (the partial unique index decides, so two admins approving at once cannot both win).
 */
export async function decideClaim(
  sql: Sql,
  input: { claimId: number; adminId: number; approve: boolean; reason: string },
): Promise<DecisionResult> {
  try {
    return await sql.begin(async (tx) => {
      const rows = await tx<{ paperId: string }[]>`
        UPDATE author_claims SET status = ${input.approve ? 'approved' : 'rejected'}, decided_by = ${input.adminId}, decided_at = now()
        WHERE id = ${input.claimId} AND status = 'pending'
        RETURNING paper_id AS "paperId"`;
      if (!rows[0]) {
        const [claim] = await tx<{ status: ClaimStatus }[]>`SELECT status FROM author_claims WHERE id = ${input.claimId}`;
        return claim
          ? ({ ok: false, reason: 'already_decided', status: claim.status } as const)
          : ({ ok: false, reason: 'no_claim' } as const);
      }
      await logAction(tx, {
        moderatorId: input.adminId,
        action: input.approve ? 'approve_claim' : 'reject_claim',
        targetType: 'claim',
        targetId: String(input.claimId),
        reason: input.reason,
      });
      // Approved authors are marked on the (cached) paper and author pages.
      if (input.approve) await announcePapersChanged(tx);
      return { ok: true, paperId: rows[0].paperId } as const;
    });
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return { ok: false, reason: 'position_taken' };
    throw err;
  }
}
