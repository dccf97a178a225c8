-- Email digests: subscriptions (double opt-in), one run per period, and one send row per subscriber and
-- run, so a crash or restart resumes a run without sending anyone the same digest twice or skipping anyone.

CREATE TABLE subscriptions (
  id               bigserial PRIMARY KEY,
  email            text NOT NULL,
  user_id          bigint REFERENCES users(id) ON DELETE SET NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed', 'paused')),
  frequency        text NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly')),
  include_trending boolean NOT NULL DEFAULT true,
  categories       text[] NOT NULL DEFAULT '{}',
  keywords         text[] NOT NULL DEFAULT '{}',
  authors          text[] NOT NULL DEFAULT '{}',
  for_you          boolean NOT NULL DEFAULT false,
  bounces          integer NOT NULL DEFAULT 0,   -- permanent failures in a row; paused at 3
  created_at       timestamptz NOT NULL DEFAULT now(),
  confirmed_at     timestamptz,
  unsubscribed_at  timestamptz
);
CREATE UNIQUE INDEX subscriptions_email_key ON subscriptions (lower(email));
CREATE INDEX subscriptions_active_idx ON subscriptions (frequency) WHERE status = 'active';
CREATE INDEX subscriptions_user_idx ON subscriptions (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE digest_runs (
  id          bigserial PRIMARY KEY,
  frequency   text NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  period      text NOT NULL,                 -- the listing day (2026-11-27) or ISO week (2026-W48)
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (frequency, period)
);

CREATE TABLE digest_sends (
  run_id          bigint NOT NULL REFERENCES digest_runs(id) ON DELETE CASCADE,
  subscription_id bigint NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'bounced', 'gave_up', 'empty')),
  attempts        integer NOT NULL DEFAULT 0,
  -- A sender claims a row until this time; a crashed sender's rows are taken over after it.
  lease_until     timestamptz,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz,
  PRIMARY KEY (run_id, subscription_id)
);
CREATE INDEX digest_sends_todo_idx ON digest_sends (run_id, next_attempt_at) WHERE status IN ('pending', 'sending', 'failed');

-- Category listings and digests select papers by category.
CREATE INDEX papers_categories_idx ON papers USING gin (categories);
