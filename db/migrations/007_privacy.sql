-- Whether the submitter sees an event's note is recorded with the event (server/domain/text-visibility.ts
-- decides it). is_public keeps its meaning: the step itself appears on the tracking page.
-- Notes written before this migration were shown for every public step, although the admin app
-- called the 受理说明 and 转办说明 internal: from now on only the texts that were meant for the
-- submitter stay visible (the 不予受理 explanation, the reply, the submitter's own steps).
ALTER TABLE feedback_events ADD COLUMN note_public INTEGER NOT NULL DEFAULT 0 CHECK (note_public IN (0, 1));
UPDATE feedback_events SET note_public = 1 WHERE is_public = 1 AND action IN ('reject', 'approve_reply', 'submit', 'rate', 'withdraw');

-- A mail to a submitter carries personal data (their address, their opinion's reply): it is kept
-- sealed (AES-256-GCM under the contact-details subkey) in sealed_message until it is sent, and
-- cleared then. to_address holds only the masked address for the queue screen. Rows written
-- before are sealed or cleared by the app when it starts (a migration cannot know the key).
ALTER TABLE mail_outbox ADD COLUMN sealed_message TEXT CHECK (sealed_message IS NULL OR sealed_message GLOB 'v1.*');
-- When a mail's content was cleared: sent to a submitter, or its opinion withdrawn or past its
-- retention period. The .eml file of such a mail is deleted too.
ALTER TABLE mail_outbox ADD COLUMN content_cleared_at TEXT;
CREATE INDEX mail_outbox_cleared ON mail_outbox (content_cleared_at) WHERE content_cleared_at IS NOT NULL;
