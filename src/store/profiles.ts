// What a user's public profile shows: who they are, the papers they submitted and upvoted, their
// comments and their verified authorships. Read straight from the community tables (0004_community.sql);
// papers and comments hidden by a moderator, and deleted comments, never appear here.
import type { Sql } from '../db/connect.ts';
import { feedColumns, toFeedPaper, type FeedPaper, type FeedRow } from './papers.ts';
import type { Role } from './users.ts';

/** The public side of an account: never its email or settings. */
export interface ProfileUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  suspended: boolean;
  upvotesPublic: boolean;
  createdAt: Date;
}

export interface ProfileCounts {
  submitted: number;
  upvoted: number;
  comments: number;
  publicCollections: number;
  allCollections: number;
}

export interface VerifiedAuthorship {
  paperId: string;
  title: string;
  /** The name on the paper the claim was approved for. */
  authorName: string | null;
}

export interface ProfileComment {
  id: number;
  paperId: string;
  paperTitle: string;
  /** Rendered and sanitized when the comment was written. */
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
}

interface Page {
  limit: number;
  offset: number;
}

/** Returns the account named `username` (any case), or null. */
export async function findProfileUser(sql: Sql, username: string): Promise<ProfileUser | null> {
  const rows = await sql<ProfileUser[]>`
    SELECT id::int, username, display_name AS "displayName", role, (suspended_at IS NOT NULL) AS suspended,
      upvotes_public AS "upvotesPublic", created_at AS "createdAt"
    FROM users WHERE lower(username) = lower(${username})`;
  return rows[0] ?? null;
}

/** Returns how many items each section of a profile has (the tab labels). */
export async function profileCounts(sql: Sql, userId: number): Promise<ProfileCounts> {
  const [row] = await sql<ProfileCounts[]>`
    SELECT
      (SELECT count(*)::int FROM papers WHERE submitted_by_user_id = ${userId} AND hidden_at IS NULL) AS submitted,
      (SELECT count(*)::int FROM votes v JOIN papers p ON p.id = v.paper_id WHERE v.user_id = ${userId} AND p.hidden_at IS NULL) AS upvoted,
      (SELECT count(*)::int FROM comments m JOIN papers p ON p.id = m.paper_id
       WHERE m.user_id = ${userId} AND m.deleted_at IS NULL AND m.hidden_at IS NULL AND p.hidden_at IS NULL) AS comments,
      (SELECT count(*)::int FROM collections WHERE user_id = ${userId} AND public) AS "publicCollections",
      (SELECT count(*)::int FROM collections WHERE user_id = ${userId}) AS "allCollections"`;
  return row!;
}

/** Returns the papers `userId` is a verified (admin-approved) author of, newest first. */
export async function verifiedAuthorships(sql: Sql, userId: number, limit = 50): Promise<VerifiedAuthorship[]> {
  return sql<VerifiedAuthorship[]>`
    SELECT p.id AS "paperId", p.title, p.author_names[a.position + 1] AS "authorName"
    FROM author_claims a JOIN papers p ON p.id = a.paper_id
    WHERE a.user_id = ${userId} AND a.status = 'approved' AND p.hidden_at IS NULL
    ORDER BY p.published_at DESC NULLS LAST, p.id DESC
    LIMIT ${limit}`;
}

/** Returns one page of the papers `userId` submitted to the daily page, newest submission first. */
export async function listSubmittedPapers(sql: Sql, userId: number, page: Page): Promise<FeedPaper[]> {
  const rows = await sql<FeedRow[]>`
    SELECT ${feedColumns(sql)}
    FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE p.submitted_by_user_id = ${userId} AND p.hidden_at IS NULL
    ORDER BY p.submitted_at DESC NULLS LAST, p.daily_date DESC NULLS LAST, p.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return rows.map(toFeedPaper);
}

/** Returns one page of the papers `userId` upvoted, most recent vote first (whether to show them is the caller's call). */
export async function listUpvotedPapers(sql: Sql, userId: number, page: Page): Promise<FeedPaper[]> {
  const rows = await sql<FeedRow[]>`
    WITH r AS (
      SELECT v.paper_id, v.created_at FROM votes v JOIN papers h ON h.id = v.paper_id
      WHERE v.user_id = ${userId} AND h.hidden_at IS NULL
      ORDER BY v.created_at DESC, v.paper_id DESC
      LIMIT ${page.limit} OFFSET ${page.offset})
    SELECT ${feedColumns(sql)}
    FROM r JOIN papers p ON p.id = r.paper_id LEFT JOIN organizations o ON o.id = p.organization_id
    ORDER BY r.created_at DESC, r.paper_id DESC`;
  return rows.map(toFeedPaper);
}

/** Returns one page of `userId`'s visible comments, newest first, with the title of the paper each is on. */
export async function listUserComments(sql: Sql, userId: number, page: Page): Promise<ProfileComment[]> {
  return sql<ProfileComment[]>`
    SELECT m.id::int, m.paper_id AS "paperId", p.title AS "paperTitle", m.body_html AS "bodyHtml",
      m.created_at AS "createdAt", m.edited_at AS "editedAt"
    FROM comments m JOIN papers p ON p.id = m.paper_id
    WHERE m.user_id = ${userId} AND m.deleted_at IS NULL AND m.hidden_at IS NULL AND p.hidden_at IS NULL
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
}
