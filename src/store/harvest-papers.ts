// Reads of papers that the harvesters need.
import type { Sql } from '../db/connect.ts';
import { MetadataRank } from '../model/paper-record.ts';

/** Ids of papers featured from `sinceDay` on that have only partial metadata (from a listing, not yet from the API). */
export async function papersNeedingMetadata(sql: Sql, sinceDay: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    SELECT id FROM papers WHERE daily_date >= ${sinceDay} AND metadata_rank < ${MetadataRank.arxiv} ORDER BY id`;
  return rows.map((r) => r.id);
}
