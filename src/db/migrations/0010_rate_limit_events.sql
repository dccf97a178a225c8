-- Rate limits as sliding windows: one row per counted event instead of a counter per fixed window, which let
-- twice the limit through around a window's end. A limit counts the rows of its key in the last window
-- (src/web/rate-limit.ts); old rows are pruned. Shared by every app instance, like the counters were.

CREATE TABLE rate_limit_events (
  id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,           -- limit name and subject: 'signupPerIp:203.0.113.7'
  at  timestamptz NOT NULL
);
CREATE INDEX rate_limit_events_key_at ON rate_limit_events (key, at);
CREATE INDEX rate_limit_events_at ON rate_limit_events (at);

DROP TABLE rate_limits;
