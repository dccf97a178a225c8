-- "For you" as a feed: a private URL carrying an HMAC of (user, version). Revoking bumps the version, so every old
-- link stops working; NULL: the user has no feed link.
ALTER TABLE users ADD COLUMN for_you_feed_version integer;
