-- Text messages to a submitter who gave a phone number and no e-mail address: one row per
-- message, written in the same transaction as the event that causes it (the reply released),
-- sent by the SMS worker in the server process (server/sms/worker.ts), like the mail outbox.
-- The message says only that an answer is waiting and where to look; the phone number is the one
-- personal detail, kept sealed (AES-256-GCM under the contact-details subkey) in sealed_phone
-- until the message is sent, and cleared then, or when the opinion is withdrawn or its contact
-- details reach the end of their retention period.
-- States: queued → sending (claimed by one worker) → sent; back to queued with a later
-- next_attempt_at after a failed attempt; failed after the last attempt or a refusal for good.
CREATE TABLE sms_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('reply_ready')),
  feedback_id INTEGER REFERENCES feedback (id) ON DELETE SET NULL,
  sealed_phone TEXT CHECK (sealed_phone IS NULL OR sealed_phone GLOB 'v1.*'),
  -- The template's parameters (JSON) and the text they make: no personal details in either.
  template_params TEXT NOT NULL CHECK (json_valid(template_params)),
  body_text TEXT NOT NULL CHECK (length(body_text) BETWEEN 1 AND 300),
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_at TEXT,
  -- Why the last attempt failed (the provider's code and message; never the number).
  last_error TEXT,
  -- The provider's id for the message (BizId), or the file written.
  provider_reference TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  -- When the phone number was cleared: sent, withdrawn, or past the retention period.
  phone_cleared_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'sending') = (claimed_by IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK (status <> 'queued' OR sealed_phone IS NOT NULL),
  -- One message of a kind per opinion: a second release of the same reply sends nothing more.
  UNIQUE (kind, feedback_id)
);
CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
CREATE INDEX sms_outbox_feedback ON sms_outbox (feedback_id);
