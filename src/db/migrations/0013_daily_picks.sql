-- Hugging Face parity. The daily list is the day's picks, as on Hugging Face: papers a member submitted, papers
-- mirrored from HF's own daily list, and papers upvoted here; everything else arXiv announced that day stays one
-- click away ("New on arXiv"). The predicate is spelled exactly so in store/papers.ts (isPick), so PostgreSQL uses
-- this index for the picks of a day as papers_daily_idx serves the whole announcement.
CREATE INDEX papers_picks_idx ON papers (daily_date, total_upvotes DESC, published_at DESC, id) INCLUDE (trending_score)
  WHERE hidden_at IS NULL AND (daily_source IN ('hf', 'submission') OR upvotes > 0);

-- A Hugging Face item as sent (model/paper-record.ts HfFields: {paper, item}), so the API gives back what this site does
-- not model: authors' HF accounts and claim status, arXiv's line breaks, mediaUrls, submitterOrganization, ...
ALTER TABLE papers ADD COLUMN hf_fields jsonb;

-- Models, datasets and Spaces linked to a paper on Hugging Face (its /api/papers/{id} body's linkedModels, ...), fetched by
-- the HF mirror and cached here; a paper without a row has none known.
CREATE TABLE hf_paper_repos (
  paper_id    text PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
  linked      jsonb NOT NULL,            -- {linkedModels, numTotalModels, linkedDatasets, numTotalDatasets, linkedSpaces, numTotalSpaces}
  fetched_at  timestamptz NOT NULL DEFAULT now()
);

-- One submitter's picks across all days (list_daily_papers(submitter=...) without a date): HF's username or ours.
CREATE INDEX papers_submitter_name_idx ON papers ((submitted_by->>'name'), published_at DESC) WHERE submitted_by IS NOT NULL;
