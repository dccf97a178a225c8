-- Semantic search, similar papers and "For you": one vector per paper per embedding model. Vectors are computed
-- once, by one worker (an advisory lock), and stored here, so every app instance serves the same vectors and an
-- expensive provider (an HTTP endpoint) is asked once per paper, not once per instance. Each instance loads them
-- into its own in-memory ANN index, following `seq`.

CREATE TABLE embedding_models (
  id           serial PRIMARY KEY,
  -- Provider, model, endpoint and dimensions (src/embeddings/provider.ts): a new key means new vectors.
  provider_key text NOT NULL,
  dimensions   integer CHECK (dimensions > 0),
  -- building: being embedded (the previous ready model keeps serving); ready: serving; retired: to be dropped.
  state        text NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'ready', 'retired')),
  -- The corpus model's parameters (vocabulary, weights, topic matrix); null for external providers.
  params       bytea,
  -- How many papers the corpus model was fitted on (it is refitted when the corpus has grown well past it).
  fitted_on    integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  ready_at     timestamptz
);

CREATE SEQUENCE paper_embeddings_seq;

CREATE TABLE paper_embeddings (
  model_id   integer NOT NULL REFERENCES embedding_models (id) ON DELETE CASCADE,
  paper_id   text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  -- Hash of the embedded text: a vote changes modified_at but not the text, and must not cost a re-embedding.
  text_hash  integer NOT NULL,
  -- papers.modified_at when the paper was last looked at.
  checked_at timestamptz NOT NULL,
  -- float32 little-endian, unit length.
  vector     bytea NOT NULL,
  -- Grows with every new or changed vector: instances read what they have not seen.
  seq        bigint NOT NULL DEFAULT nextval('paper_embeddings_seq'),
  PRIMARY KEY (model_id, paper_id)
);
CREATE INDEX paper_embeddings_seq_idx ON paper_embeddings (model_id, seq);

-- "For you": what a user told us besides votes and saves.
CREATE TABLE user_interests (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 'topic' (free text, embedded as a query), 'seed' (a paper they like), 'not_interested' (a paper to steer away from).
  kind       text NOT NULL CHECK (kind IN ('topic', 'seed', 'not_interested')),
  value      text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, value)
);
