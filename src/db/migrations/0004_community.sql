-- Community: votes, comments, submissions, trending, author claims, collections and moderation.

-- Votes: one per user and paper. papers.upvotes is kept equal to the count, in the same transaction.
CREATE TABLE votes (
  user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  paper_id   text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX votes_paper_idx ON votes (paper_id);
CREATE INDEX votes_user_idx ON votes (user_id, created_at DESC);

ALTER TABLE papers
  ADD COLUMN num_comments integer NOT NULL DEFAULT 0,          -- this site's visible comments
  ADD COLUMN submitted_by_user_id bigint REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN hidden_at timestamptz;                            -- hidden by a moderator (reason in moderation_log)

-- Lobsters-style hotness: src/core/trending.ts explains the formula and its constants; this is the same function
-- in SQL (test/core/trending.test.ts checks that they agree). It depends only on a paper's own points and date, so
-- it is a generated column: recomputed by the very statement that changes a vote or comment count, never on a timer.
-- IMMUTABLE is true: epoch seconds of a timestamptz do not depend on the session's time zone, and the day is
-- read as midnight UTC explicitly.
CREATE FUNCTION paper_trending_score(upvotes integer, comments integer, submitted_at timestamptz, daily_date date, published_at timestamptz)
  RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT log(1 + (upvotes::double precision + 0.5::double precision * comments::double precision))
    + (extract(epoch FROM COALESCE(submitted_at, daily_date::timestamp AT TIME ZONE 'UTC', published_at))::double precision
       - 682128000::double precision) / 172800::double precision  -- arXiv's first day; 48 hours
$$;
ALTER TABLE papers ADD COLUMN trending_score double precision GENERATED ALWAYS AS (
  paper_trending_score(upvotes + COALESCE(hf_upvotes, 0), num_comments + COALESCE(hf_num_comments, 0), submitted_at, daily_date, published_at)) STORED;
-- The daily feed never shows hidden papers: its index leaves them out, and carries the trending score
-- so that every sort of a day's page is read from the index alone.
DROP INDEX papers_daily_idx;
CREATE INDEX papers_daily_idx ON papers (daily_date, total_upvotes DESC, published_at DESC, id) INCLUDE (trending_score) WHERE hidden_at IS NULL;
CREATE INDEX papers_trending_idx ON papers (trending_score DESC NULLS LAST, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX papers_submitter_idx ON papers (submitted_by_user_id) WHERE submitted_by_user_id IS NOT NULL;

CREATE TABLE comments (
  id          bigserial PRIMARY KEY,
  paper_id    text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  user_id     bigint REFERENCES users(id) ON DELETE SET NULL,  -- NULL once the account is deleted
  parent_id   bigint REFERENCES comments(id) ON DELETE CASCADE,
  body        text NOT NULL,               -- Markdown as written
  body_html   text NOT NULL,               -- rendered and sanitized when written
  created_at  timestamptz NOT NULL DEFAULT now(),
  edited_at   timestamptz,
  deleted_at  timestamptz,                 -- by its author: a placeholder keeps the thread
  hidden_at   timestamptz                  -- by a moderator (reason in moderation_log)
);
CREATE INDEX comments_paper_idx ON comments (paper_id, created_at);
CREATE INDEX comments_user_idx ON comments (user_id, created_at DESC);
CREATE INDEX comments_parent_idx ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- A user saying "I am author number `position` of this paper"; an admin decides.
CREATE TABLE author_claims (
  id          bigserial PRIMARY KEY,
  paper_id    text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position    integer NOT NULL,            -- 0-based index into papers.author_names
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  decided_by  bigint REFERENCES users(id) ON DELETE SET NULL,
  decided_at  timestamptz,
  UNIQUE (paper_id, user_id)
);
CREATE UNIQUE INDEX author_claims_approved_key ON author_claims (paper_id, position) WHERE status = 'approved';
CREATE INDEX author_claims_pending_idx ON author_claims (created_at) WHERE status = 'pending';

CREATE TABLE collections (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title       text NOT NULL,
  description text NOT NULL DEFAULT '',
  public      boolean NOT NULL DEFAULT false,
  -- Rows in collection_papers, kept in the transaction that adds or removes one: lists of a user's
  -- collections show counts without counting up to 100 x 5,000 rows (src/store/collections.ts).
  paper_count integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collections_user_idx ON collections (user_id, updated_at DESC);

CREATE TABLE collection_papers (
  collection_id bigint NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  paper_id      text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  added_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection_id, paper_id)
);
-- A collection's page, most recently added first, without sorting all of its papers.
CREATE INDEX collection_papers_added_idx ON collection_papers (collection_id, added_at DESC, paper_id DESC);
-- Which lists hold a paper: the cards' "Saved" marks (and the cascade when a paper is deleted).
CREATE INDEX collection_papers_paper_idx ON collection_papers (paper_id);
-- The few hidden papers, so counts that leave them out look at them only, not at every paper counted.
CREATE INDEX papers_hidden_idx ON papers (id) WHERE hidden_at IS NOT NULL;

-- Every moderator action, public (Lobsters' moderation log).
CREATE TABLE moderation_log (
  id           bigserial PRIMARY KEY,
  moderator_id bigint REFERENCES users(id) ON DELETE SET NULL,
  action       text NOT NULL,              -- hide_paper, unhide_paper, hide_comment, suspend_user, approve_claim, ...
  target_type  text NOT NULL CHECK (target_type IN ('paper', 'comment', 'user', 'claim')),
  target_id    text NOT NULL,
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_log_created_idx ON moderation_log (created_at DESC);
