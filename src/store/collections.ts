// Collections (reading lists): a user's named lists of papers, public or private.
// Papers hidden by a moderator stay in the table (they come back when unhidden) but are never listed or counted.
import type { Sql, Tx } from '../db/connect.ts';
import { announceContentHidden, announcePapersChanged } from './changes.ts';
import { feedColumns, toFeedPaper, type FeedPaper, type FeedRow } from './papers.ts';

export interface Collection {
  id: number;
  userId: number;
  ownerUsername: string;
  ownerDisplayName: string;
  title: string;
  description: string;
  public: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Visible papers in it. */
  paperCount: number;
}

export interface CollectionInput {
  title: string;
  description: string;
  public: boolean;
}

// The stored count less the collection's hidden papers: those are found through papers_hidden_idx (a few rows)
// and looked up in the collection, instead of joining every paper of the collection to papers.
const visibleCount = (sql: Sql | Tx) => sql`
  (c.paper_count - (SELECT count(*) FROM papers h JOIN collection_papers hp ON hp.collection_id = c.id AND hp.paper_id = h.id
                    WHERE h.hidden_at IS NOT NULL))::int`;

const COLLECTION_COLUMNS = (sql: Sql | Tx) => sql`
  c.id::int, c.user_id::int AS "userId", u.username AS "ownerUsername", u.display_name AS "ownerDisplayName",
  c.title, c.description, c.public, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  ${visibleCount(sql)} AS "paperCount"`;

/** Returns a collection with its owner and count, or null. Visibility is the caller's business. */
export async function getCollection(sql: Sql | Tx, id: number): Promise<Collection | null> {
  const rows = await sql<Collection[]>`
    SELECT ${COLLECTION_COLUMNS(sql)} FROM collections c JOIN users u ON u.id = c.user_id WHERE c.id = ${id}`;
  return rows[0] ?? null;
}

/**
 * Creates a collection for `userId`, holding `firstPaperId` if given (the "new list" of the save menu);
 * null when they already have `maxPerUser` collections.
 */
export async function createCollection(
  sql: Sql,
  userId: number,
  input: CollectionInput,
  maxPerUser: number,
  firstPaperId?: string,
): Promise<Collection | null> {
  return sql.begin(async (tx) => {
    // Locking the owner's row makes concurrent creations count one after the other, so the cap holds
    // (NO KEY: their votes and comments, which only reference the row, are not held up).
    await tx`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
    const [n] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM collections WHERE user_id = ${userId}`;
    if ((n?.n ?? 0) >= maxPerUser) return null;
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO collections (user_id, title, description, public, paper_count)
      VALUES (${userId}, ${input.title}, ${input.description}, ${input.public}, ${firstPaperId === undefined ? 0 : 1})
      RETURNING id::int`;
    if (firstPaperId !== undefined) await tx`INSERT INTO collection_papers (collection_id, paper_id) VALUES (${row!.id}, ${firstPaperId})`;
    return getCollection(tx, row!.id);
  });
}

/** The paper a collection can take (it exists and is not hidden), or null. */
export async function savablePaper(sql: Sql, paperId: string): Promise<{ id: string; title: string } | null> {
  const rows = await sql<{ id: string; title: string }[]>`SELECT id, title FROM papers WHERE id = ${paperId} AND hidden_at IS NULL`;
  return rows[0] ?? null;
}

/** Renames, redescribes and sets the visibility of a collection of `userId`; false when there is none. */
export async function updateCollection(sql: Sql, id: number, userId: number, input: CollectionInput): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`
      UPDATE collections SET title = ${input.title}, description = ${input.description}, public = ${input.public}, updated_at = now()
      WHERE id = ${id} AND user_id = ${userId} RETURNING id`;
    // Made private (or renamed): its cached page and feeds must go at once, on every instance.
    if (rows.length > 0) await announceContentHidden(tx);
    return rows.length > 0;
  });
}

/** Deletes a collection of `userId` (its papers stay on the site); false when there is none. */
export async function deleteCollection(sql: Sql, id: number, userId: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`DELETE FROM collections WHERE id = ${id} AND user_id = ${userId} RETURNING id`;
    if (rows.length > 0) await announceContentHidden(tx);
    return rows.length > 0;
  });
}

export type AddPaperResult = 'added' | 'already' | 'full' | 'no_collection' | 'no_paper';

/** Adds a paper to a collection of `userId`; adding it twice changes nothing. */
export async function addPaperToCollection(
  sql: Sql,
  id: number,
  userId: number,
  paperId: string,
  maxPapers: number,
): Promise<AddPaperResult> {
  return sql.begin(async (tx) => {
    // The collection's row lock serializes adds to it, so the cap and paper_count hold under concurrent adds.
    const [owned] = await tx<{ n: number }[]>`SELECT paper_count AS n FROM collections WHERE id = ${id} AND user_id = ${userId} FOR UPDATE`;
    if (!owned) return 'no_collection';
    const [paper] = await tx`SELECT 1 FROM papers WHERE id = ${paperId} AND hidden_at IS NULL`;
    if (!paper) return 'no_paper';
    const [present] = await tx`SELECT 1 FROM collection_papers WHERE collection_id = ${id} AND paper_id = ${paperId}`;
    if (present) return 'already';
    if (owned.n >= maxPapers) return 'full';
    await tx`INSERT INTO collection_papers (collection_id, paper_id) VALUES (${id}, ${paperId})`;
    await tx`UPDATE collections SET paper_count = paper_count + 1, updated_at = now() WHERE id = ${id}`;
    // Its cached page and feeds show it within the page cache's coalescing interval.
    await announcePapersChanged(tx);
    return 'added';
  });
}

/** Removes a paper from a collection of `userId`; false when it was not in it (or there is no such collection). */
export async function removePaperFromCollection(sql: Sql, id: number, userId: number, paperId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`
      WITH gone AS (
        DELETE FROM collection_papers cp USING collections c
        WHERE cp.collection_id = ${id} AND cp.paper_id = ${paperId} AND c.id = cp.collection_id AND c.user_id = ${userId}
        RETURNING cp.collection_id)
      UPDATE collections SET paper_count = paper_count - 1, updated_at = now() WHERE id IN (SELECT collection_id FROM gone) RETURNING id`;
    if (rows.length > 0) await announceContentHidden(tx);
    return rows.length > 0;
  });
}

/** Returns one page of a user's collections, most recently changed first, and how many there are. */
export async function listUserCollections(
  sql: Sql,
  userId: number,
  page: { includePrivate: boolean; limit: number; offset: number },
): Promise<{ collections: Collection[]; total: number }> {
  const visible = page.includePrivate ? sql`` : sql`AND c.public`;
  const [collections, count] = await Promise.all([
    sql<Collection[]>`
      SELECT ${COLLECTION_COLUMNS(sql)} FROM collections c JOIN users u ON u.id = c.user_id
      WHERE c.user_id = ${userId} ${visible}
      ORDER BY c.updated_at DESC, c.id DESC
      LIMIT ${page.limit} OFFSET ${page.offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM collections c WHERE c.user_id = ${userId} ${visible}`,
  ]);
  return { collections, total: count[0]?.n ?? 0 };
}

export type CollectionPaper = FeedPaper & { addedAt: Date };

/** Returns one page of a collection's papers, most recently added first, and how many there are. */
export async function listCollectionPapers(
  sql: Sql,
  id: number,
  page: { limit: number; offset: number },
): Promise<{ papers: CollectionPaper[]; total: number }> {
  // The page's ids come from collection_papers_added_idx in order, narrow rows first; then the wide rows of just the page.
  const [rows, count] = await Promise.all([
    sql<(FeedRow & { added_at: Date })[]>`
      WITH r AS (
        SELECT cp.paper_id, cp.added_at FROM collection_papers cp JOIN papers h ON h.id = cp.paper_id
        WHERE cp.collection_id = ${id} AND h.hidden_at IS NULL
        ORDER BY cp.added_at DESC, cp.paper_id DESC
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}, r.added_at
      FROM r JOIN papers p ON p.id = r.paper_id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY r.added_at DESC, r.paper_id DESC`,
    sql<{ n: number }[]>`SELECT ${visibleCount(sql)} AS n FROM collections c WHERE c.id = ${id}`,
  ]);
  return { papers: rows.map((r) => ({ ...toFeedPaper(r), addedAt: r.added_at })), total: count[0]?.n ?? 0 };
}

/** For the "saved" state of cards: the ids of `userId`'s collections holding each of `paperIds` (absent: none). */
export async function collectionsHoldingPapers(sql: Sql, userId: number, paperIds: string[]): Promise<Map<string, number[]>> {
  const held = new Map<string, number[]>();
  if (paperIds.length === 0) return held;
  // Through collection_papers_paper_idx: the lists holding each card's paper, kept if they are the viewer's.
  const rows = await sql<{ paperId: string; ids: number[] }[]>`
    SELECT cp.paper_id AS "paperId", array_agg(c.id::int ORDER BY c.updated_at DESC) AS ids
    FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id
    WHERE cp.paper_id = ANY(${paperIds}::text[]) AND c.user_id = ${userId}
    GROUP BY cp.paper_id`;
  for (const r of rows) held.set(r.paperId, r.ids);
  return held;
}

export interface SaveChoice {
  id: number;
  title: string;
  public: boolean;
  paperCount: number;
  /** Whether the paper asked about is in this collection. */
  holds: boolean;
}

/** All of `userId`'s collections (at most MAX_COLLECTIONS_PER_USER exist), each saying whether it holds `paperId`. */
export async function saveChoices(sql: Sql, userId: number, paperId: string): Promise<SaveChoice[]> {
  return sql<SaveChoice[]>`
    SELECT c.id::int, c.title, c.public, ${visibleCount(sql)} AS "paperCount",
      EXISTS (SELECT 1 FROM collection_papers cp WHERE cp.collection_id = c.id AND cp.paper_id = ${paperId}) AS holds
    FROM collections c WHERE c.user_id = ${userId}
    ORDER BY c.updated_at DESC, c.id DESC`;
}
