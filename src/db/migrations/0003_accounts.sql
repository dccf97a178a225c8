-- Accounts: users, sessions, one-time email tokens, rate-limit counters and the site's secrets.

CREATE TABLE users (
  id                bigserial PRIMARY KEY,
  email             text NOT NULL,
  -- Public handle in URLs (/users/ada): lowercase letters, digits, '-' and '_'.
  username          text NOT NULL,
  display_name      text NOT NULL,
  password_hash     text NOT NULL,            -- argon2id, PHC string
  email_verified_at timestamptz,
  role              text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
  suspended_at      timestamptz,
  suspended_reason  text,
  upvotes_public    boolean NOT NULL DEFAULT false,
  -- Reply and submission-activity emails (issue #6 adds the digest).
  notify_replies    boolean NOT NULL DEFAULT true,
  notify_activity   boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  user_agent   text,
  ip           text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Links sent by email: verify an address, reset a password, confirm a new address. Single use.
CREATE TABLE email_tokens (
  token_hash text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email')),
  new_email  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

-- Fixed-window counters shared by every app instance: key like 'login:ip:203.0.113.7'.
CREATE TABLE rate_limits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- Secrets generated on first start (CSRF and unsubscribe signing), the same for every instance.
CREATE TABLE app_secrets (
  name  text PRIMARY KEY,
  value text NOT NULL
);
