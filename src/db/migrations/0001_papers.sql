-- Papers, their authors, organizations, links and versions: the core of the daily feed.

CREATE TABLE organizations (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,          -- handle, as in Hugging Face's organization.name ("google")
  fullname    text,
  avatar_url  text
);

CREATE TABLE papers (
  id               text PRIMARY KEY,         -- arXiv id without version: 2405.15738, hep-th/9901001
  version          integer NOT NULL DEFAULT 1,
  title            text NOT NULL,
  abstract         text NOT NULL DEFAULT '',
  -- Authors in paper order. An author is identified by the name as arXiv gives it (arXiv has no
  -- author ids); the GIN index below finds an author's papers. A separate authors table keyed by the
  -- same name added nothing but a join, and halved the import rate.
  author_names     text[] NOT NULL DEFAULT '{}',
  primary_category text,
  categories       text[] NOT NULL DEFAULT '{}',
  published_at     timestamptz,              -- first version submitted
  updated_at       timestamptz,              -- latest version submitted
  comments         text,
  journal_ref      text,
  doi              text,
  report_no        text,
  license          text,
  submitter        text,
  withdrawn        boolean NOT NULL DEFAULT false,
  -- Which source last wrote the metadata: 2 arXiv records, 1 aggregated dumps, 0 Hugging Face.
  -- A source never overwrites metadata written by a better one (nor a newer arXiv version by an older).
  metadata_rank    smallint NOT NULL DEFAULT 0,
  -- The day the paper is featured on the daily page, and how it got there.
  daily_date       date,
  daily_source     text CHECK (daily_source IN ('hf', 'arxiv', 'submission')),
  submitted_at     timestamptz,
  submitted_by     jsonb,                    -- {name, fullname, avatarUrl} of whoever put it on the daily page
  -- Mirrored from Hugging Face (NULL: never seen there), kept apart from this site's own votes.
  hf_upvotes       integer,
  hf_num_comments  integer,
  upvotes          integer NOT NULL DEFAULT 0,  -- this site's own votes
  total_upvotes    integer GENERATED ALWAYS AS (upvotes + COALESCE(hf_upvotes, 0)) STORED,
  organization_id  bigint REFERENCES organizations(id),
  github_repo      text,
  github_stars     integer,
  project_page     text,
  thumbnail        text,
  ai_summary       text,
  ai_keywords      text[],
  created_at       timestamptz NOT NULL DEFAULT now(),
  modified_at      timestamptz NOT NULL DEFAULT now()
);

-- The daily, weekly and monthly feeds: a day's papers by upvotes, then recency.
CREATE INDEX papers_daily_idx ON papers (daily_date, total_upvotes DESC, published_at DESC, id);
CREATE INDEX papers_published_idx ON papers (published_at DESC);
CREATE INDEX papers_authors_idx ON papers USING gin (author_names);
CREATE INDEX papers_organization_idx ON papers (organization_id) WHERE organization_id IS NOT NULL;

CREATE TABLE paper_versions (
  paper_id    text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  created_at  timestamptz,
  PRIMARY KEY (paper_id, version)
);

-- Code repositories and project pages found in abstracts and comments or given by Hugging Face.
CREATE TABLE paper_links (
  paper_id  text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  url       text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('code', 'project')),
  source    text NOT NULL CHECK (source IN ('abstract', 'comments', 'hf')),
  position  smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (paper_id, url)
);
