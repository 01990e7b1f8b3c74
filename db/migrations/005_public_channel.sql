-- The public opinion channel (意见反馈): students under 14, sealed contact details, their retention,
-- and spent proof-of-work challenges. Nothing here touches the ledger tables.
-- (Written as 004 on its own branch, beside the ledger's 004; numbered 005 when both were merged.)

-- A student under 14 gives no contact details of their own, a guardian's at most (PIPL Art. 28, 31):
-- the contact columns then hold the guardian's name, phone and address.
ALTER TABLE feedback ADD COLUMN is_under_14 INTEGER NOT NULL DEFAULT 0
  CHECK (is_under_14 IN (0, 1) AND (is_under_14 = 0 OR role = 'student'));

-- contact_name, contact_phone and contact_email hold AES-256-GCM ciphertext ('v1.' + base64url) once
-- contact_sealed = 1. Rows written before this migration are plain text (contact_sealed = 0) until
-- the application seals them at its next start: a migration cannot know the key.
ALTER TABLE feedback ADD COLUMN contact_sealed INTEGER NOT NULL DEFAULT 0 CHECK (contact_sealed IN (0, 1));
-- HMAC-SHA256 of the lower-cased e-mail address under its own subkey: lets the mail outbox check an
-- address against an opinion's, or find another submitter's address in a mail, without decrypting.
ALTER TABLE feedback ADD COLUMN contact_email_lookup TEXT
  CHECK (contact_email_lookup IS NULL OR length(contact_email_lookup) = 64);
-- When the contact details were deleted: withdrawn by the submitter, or purged after the retention
-- period (CONTACT_RETENTION_DAYS after the opinion was closed).
ALTER TABLE feedback ADD COLUMN contact_purged_at TEXT;

CREATE INDEX feedback_contact_email_lookup ON feedback (contact_email_lookup) WHERE contact_email_lookup IS NOT NULL;
CREATE INDEX feedback_closed_contact ON feedback (closed_at)
  WHERE closed_at IS NOT NULL AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL);

-- A proof of work is accepted once: the challenge's id is kept until the challenge expires (then
-- purged), so a solved challenge cannot be sent again.
CREATE TABLE proof_of_work_used (
  challenge_id TEXT PRIMARY KEY CHECK (length(challenge_id) BETWEEN 16 AND 128),
  expires_at TEXT NOT NULL,
  used_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX proof_of_work_used_expiry ON proof_of_work_used (expires_at);
