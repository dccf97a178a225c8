-- An AI summary and keywords for every paper, as Hugging Face shows them: Hugging Face's own when the paper is mirrored
-- from there, else this site's (src/summaries/, filled in the background by jobs/paper-summaries.ts). Hugging Face's
-- always win: an import that brings them replaces ours, and ours are only ever written where nothing is.
--   ai_summary_model   what made ai_summary: Hugging Face's ai_summary_model (NULL when its body does not say), the
--                      chat model's name (SUMMARY_MODEL), or 'extractive' (the abstract's most central sentence)
--   ai_summary_source  who made ai_summary: 'hf' or 'site'; NULL: not made yet. 'site' with no summary: the paper
--                      has nothing to summarize (no abstract), so the job does not look again
--   ai_keywords_source the same for ai_keywords
ALTER TABLE papers
  ADD COLUMN ai_summary_model text,
  ADD COLUMN ai_summary_source text CHECK (ai_summary_source IN ('hf', 'site')),
  ADD COLUMN ai_keywords_source text CHECK (ai_keywords_source IN ('hf', 'site'));

-- Until now only the Hugging Face import wrote them.
UPDATE papers SET
  ai_summary_source = CASE WHEN ai_summary IS NOT NULL THEN 'hf' END,
  ai_keywords_source = CASE WHEN ai_keywords IS NOT NULL THEN 'hf' END
WHERE ai_summary IS NOT NULL OR ai_keywords IS NOT NULL;

-- The job's work list, in id order; it empties as the job fills it.
CREATE INDEX papers_ai_missing_idx ON papers (id) WHERE ai_summary_source IS NULL OR ai_keywords_source IS NULL;

-- Ours describe the text they were made from: a new title or abstract (an arXiv update of a Hugging Face record, a new
-- version) sends the paper back to the job. Hugging Face's stay; a writer that brings new ones in the same statement
-- labels them 'hf'. A trigger, so no writer (import, harvest, submission) can forget to; it runs before papers_touch
-- (triggers fire in name order), which then stamps the change.
CREATE FUNCTION papers_ai_text_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.ai_summary_source = 'site' THEN
    NEW.ai_summary := NULL;
    NEW.ai_summary_model := NULL;
    NEW.ai_summary_source := NULL;
  END IF;
  IF NEW.ai_keywords_source = 'site' THEN
    NEW.ai_keywords := NULL;
    NEW.ai_keywords_source := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER papers_ai_text_changed BEFORE UPDATE OF title, abstract ON papers FOR EACH ROW
  WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.abstract IS DISTINCT FROM NEW.abstract)
  EXECUTE FUNCTION papers_ai_text_changed();
