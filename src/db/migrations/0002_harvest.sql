-- Harvesting from arXiv and Hugging Face: where each incremental source got to, and a log of runs.

-- One row per resumable source ('oai:cs', 'oai:stat', 'daily', 'hf'). The cursor is written in the
-- same transaction as the papers it covers, so after a crash it never points past what was stored.
CREATE TABLE harvest_cursors (
  source text PRIMARY KEY,
  cursor jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every harvest run, for `dailypapers status` and the progress shown on an empty site.
CREATE TABLE harvest_runs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('daily', 'backfill', 'hf')),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'cli', 'first-start', 'catch-up')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
  requests int NOT NULL DEFAULT 0,
  records int NOT NULL DEFAULT 0,
  inserted int NOT NULL DEFAULT 0,
  updated int NOT NULL DEFAULT 0,
  skipped int NOT NULL DEFAULT 0,
  progress text,
  error text
);
CREATE INDEX harvest_runs_kind_idx ON harvest_runs (kind, started_at DESC);
