-- The mail outbox: every account, subscription and notification mail is written here in the transaction that
-- causes it (the user and its token, the subscription, the comment), then sent by a worker that retries while
-- the mail server is down. A worker holds a row under a lease (lease_until), so several server processes on
-- one database never send a row at the same time, and a crashed worker's rows are taken over.

CREATE TABLE mail_outbox (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL,                 -- verification, account-notice, reset, email-change, subscription, notification
  recipient       text NOT NULL,
  subject         text NOT NULL,
  text            text NOT NULL,                 -- emptied once sent or given up: links in it are credentials
  html            text,
  headers         jsonb NOT NULL DEFAULT '{}',
  -- One Message-ID per row: a resend after a crash between the SMTP server's "250 OK" and our commit shows once.
  message_id      text NOT NULL UNIQUE,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,                   -- set while a worker is sending the row
  last_attempt_at timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
-- The worker's claim: pending rows in the order they fall due.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE state = 'pending';
-- Status and the "is the mail server answering" check: the latest deliveries, the latest refusals.
CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE state = 'sent';
CREATE INDEX mail_outbox_failed_idx ON mail_outbox (last_attempt_at) WHERE state = 'failed';

-- Wakes the workers when a mail is queued (delivered at commit, once per transaction).
CREATE FUNCTION mail_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mail_outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER mail_outbox_queued AFTER INSERT ON mail_outbox FOR EACH STATEMENT EXECUTE FUNCTION mail_outbox_notify();
