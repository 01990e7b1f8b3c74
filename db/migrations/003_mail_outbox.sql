-- The mail outbox for real: one row per recipient, written in the same transaction as the event
-- that causes the mail, sent by the worker in the server process (server/mail/worker.ts).
-- States: queued → sending (claimed by one worker) → sent; or back to queued with a later
-- next_attempt_at after a failed attempt; failed after the last attempt, until someone resends it.
-- Nothing references mail_outbox, so it is rebuilt without turning foreign keys off.

CREATE TABLE mail_outbox_new (
  id INTEGER PRIMARY KEY,
  -- What the mail is about ('feedback_submitted', 'deadline_reminder', …; server/mail/kinds.ts).
  -- Checked for shape only, so a later branch can add a kind without rebuilding this table.
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40 AND kind GLOB '[a-z]*' AND NOT kind GLOB '*[^a-z_]*'),
  -- Who the recipient is to the portal: the 办公室, a unit's 经办人, a 系统管理员, the submitter
  -- of the opinion (only ever to that opinion's own address), or the operator (test mails).
  audience TEXT NOT NULL CHECK (audience IN ('office', 'unit_handler', 'sysadmin', 'submitter', 'operator')),
  -- Exactly one recipient per row: nobody's address is ever shown to another recipient.
  to_address TEXT NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254 AND to_address NOT GLOB '*[ ,;<>' || char(10) || char(13) || ']*'),
  to_name TEXT CHECK (to_name IS NULL OR (length(to_name) <= 100 AND instr(to_name, char(10)) = 0 AND instr(to_name, char(13)) = 0)),
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200 AND instr(subject, char(10)) = 0 AND instr(subject, char(13)) = 0),
  body_text TEXT NOT NULL,
  body_html TEXT,
  -- Fixed when the row is written and sent with every attempt: a receiver (or the .eml folder)
  -- recognises a repeat after a crash as the same message.
  message_id TEXT NOT NULL UNIQUE CHECK (message_id GLOB '<*@*>'),
  -- Scheduled mails (reminders, digests) carry a key per opinion × deadline × stage × recipient
  -- or unit × day × recipient, so a restart never queues the same one twice.
  dedupe_key TEXT UNIQUE,
  feedback_id INTEGER REFERENCES feedback (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  -- The worker holding the row while it sends ('host:pid:random'), and since when.
  claimed_by TEXT,
  claimed_at TEXT,
  -- Why the last attempt failed, with any address masked.
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'sending') = (claimed_by IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK (audience <> 'submitter' OR feedback_id IS NOT NULL)
);

-- Rows from before: plain-text mails to one address each. 'queued' and 'failed' keep their state.
INSERT INTO mail_outbox_new (id, kind, audience, to_address, subject, body_text, message_id, status, attempts,
    next_attempt_at, last_error, created_at, sent_at, updated_at)
  SELECT id, 'legacy', 'operator', to_address,
    coalesce(nullif(substr(replace(replace(subject, char(13), ' '), char(10), ' '), 1, 200), ''), '(无主题)'), body_text,
    '<outbox-' || id || '.' || lower(hex(randomblob(8))) || '@zfzg.invalid>', status, attempts,
    next_attempt_at, last_error, created_at, CASE WHEN status = 'sent' THEN coalesce(sent_at, created_at) END,
    coalesce(sent_at, created_at)
  FROM mail_outbox;

DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_feedback ON mail_outbox (feedback_id);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
