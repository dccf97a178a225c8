-- Search: every app process keeps an in-memory keyword index (src/search/) that follows the papers table by
-- modified_at, from a watermark, whenever papers_changed is notified. These make that reliable whatever code writes.

CREATE INDEX papers_modified_idx ON papers (modified_at);

-- Any update that changes a paper stamps it (votes, moderation, featuring, merges alike), so no writer can forget
-- to; an update that changes nothing (re-importing the same file) leaves the stamp, so the index re-reads nothing.
-- now() is the transaction's start: the catch-up's watermark allows for transactions still running.
CREATE FUNCTION papers_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.modified_at := OLD.modified_at;
  IF NEW IS DISTINCT FROM OLD THEN
    NEW.modified_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER papers_touch BEFORE UPDATE ON papers FOR EACH ROW EXECUTE FUNCTION papers_touch();

-- Deleted papers, for the same catch-up; a NULL paper_id records a TRUNCATE (everything before it is gone).
CREATE TABLE paper_deletions (
  paper_id   text,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX paper_deletions_at_idx ON paper_deletions (deleted_at);

CREATE FUNCTION papers_record_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO paper_deletions (paper_id) VALUES (OLD.id);
  RETURN OLD;
END $$;
CREATE TRIGGER papers_deleted AFTER DELETE ON papers FOR EACH ROW EXECUTE FUNCTION papers_record_deletion();

CREATE FUNCTION papers_record_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO paper_deletions (paper_id) VALUES (NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER papers_truncated AFTER TRUNCATE ON papers FOR EACH STATEMENT EXECUTE FUNCTION papers_record_truncate();

-- Names this database, so an index saved under DATA_DIR is never applied to another database.
CREATE TABLE search_meta (
  database_id uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO search_meta DEFAULT VALUES;
