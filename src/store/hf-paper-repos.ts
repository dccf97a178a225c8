// Models, datasets and Spaces linked to papers on Hugging Face (table hf_paper_repos), as the HF mirror last fetched
// them; read by the API with the paper (store/api-extras.ts).
import type { Sql } from '../db/connect.ts';
import type { LinkedRepos } from '../model/paper-record.ts';

/** Stores what HF links to the paper `paperId` now (replacing what was there). */
export async function saveLinkedRepos(sql: Sql, paperId: string, linked: LinkedRepos): Promise<void> {
  // The paper may have been deleted since its day was mirrored: nothing to link then.
  await sql`
    INSERT INTO hf_paper_repos (paper_id, linked, fetched_at)
    SELECT id, ${sql.json(linked as never)}, now() FROM papers WHERE id = ${paperId}
    ON CONFLICT (paper_id) DO UPDATE SET linked = EXCLUDED.linked, fetched_at = EXCLUDED.fetched_at`;
}
