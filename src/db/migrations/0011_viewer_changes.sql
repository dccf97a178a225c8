-- Every web process keeps logged-in viewers' sessions and upvotes in memory (web/viewer-caches.ts): a logged-in page
-- then needs no database round trip. These triggers tell them what to forget, whoever writes (a handler in another
-- worker, `dailypapers admin` in a terminal, a cascade from a deleted account): the payload is the user's id, or ''
-- for everyone (TRUNCATE). A transaction's notifications with the same payload arrive once, at commit.

CREATE FUNCTION notify_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify(TG_ARGV[0], '');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify(TG_ARGV[0], OLD.id::text);
  ELSIF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify(TG_ARGV[0], NEW.user_id::text);
  ELSE
    PERFORM pg_notify(TG_ARGV[0], OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$;

-- A session ended (log out, "log out everywhere", expiry sweep), or its user changed (suspended, renamed, role,
-- deleted). New sessions and the hourly extension of one need no notice: a cache never holds what is not yet there,
-- and an older expiry only makes it ask again sooner.
CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed('sessions_changed');
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_user_changed('sessions_changed');
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed('sessions_changed');
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_user_changed('sessions_changed');

-- A user's upvotes changed: their pressed buttons must follow at once.
CREATE TRIGGER votes_changed AFTER INSERT OR DELETE ON votes
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed('votes_changed');
CREATE TRIGGER votes_truncated AFTER TRUNCATE ON votes
  FOR EACH STATEMENT EXECUTE FUNCTION notify_user_changed('votes_changed');

-- A user's authorship claims changed (made, approved, refused, withdrawn): the claim box on their paper pages follows.
CREATE TRIGGER author_claims_changed AFTER INSERT OR UPDATE OR DELETE ON author_claims
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed('claims_changed');
CREATE TRIGGER author_claims_truncated AFTER TRUNCATE ON author_claims
  FOR EACH STATEMENT EXECUTE FUNCTION notify_user_changed('claims_changed');
-- A viewer's claims are read whole, by user (claimsOfUser).
CREATE INDEX author_claims_user_idx ON author_claims (user_id);
