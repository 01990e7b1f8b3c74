-- First schema: units, the rectification ledger, feedback with its events, users, audit log, mail outbox.
-- Timestamps are ISO-8601 UTC text ('2026-11-26T05:48:00.000Z'); calendar dates are 'YYYY-MM-DD'.

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  kind TEXT NOT NULL CHECK (kind IN ('department', 'school')),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE rectification_items (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  problem TEXT NOT NULL,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  responsible_unit_id INTEGER REFERENCES units (id),
  responsible_leader TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL,
  deadline TEXT CHECK (deadline IS NULL OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'ongoing')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  outcomes TEXT NOT NULL DEFAULT '',
  is_published INTEGER NOT NULL DEFAULT 1 CHECK (is_published IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE item_updates (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES rectification_items (id) ON DELETE CASCADE,
  happened_on TEXT NOT NULL CHECK (happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  content TEXT NOT NULL CHECK (length(content) >= 1),
  progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
  is_published INTEGER NOT NULL DEFAULT 1 CHECK (is_published IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE INDEX item_updates_item ON item_updates (item_id, happened_on);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'handler')),
  unit_id INTEGER REFERENCES units (id),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  tracking_code TEXT NOT NULL UNIQUE,
  -- sha256 of the submitter's secret; the secret itself is shown once and never stored.
  secret_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('parent', 'student', 'teacher', 'other')),
  category TEXT NOT NULL CHECK (category IN ('work_style', 'teaching', 'burden', 'fees', 'enrollment', 'safety', 'service', 'other')),
  content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
  item_id INTEGER REFERENCES rectification_items (id),
  unit_id INTEGER REFERENCES units (id),
  is_anonymous INTEGER NOT NULL CHECK (is_anonymous IN (0, 1)),
  -- Personal information (PIPL): never selected by the public snapshot, never logged.
  contact_name TEXT,
  contact_phone TEXT,
  contact_email TEXT,
  consent_to_publish INTEGER NOT NULL CHECK (consent_to_publish IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'rejected', 'assigned', 'replied', 'published', 'rated')),
  assigned_unit_id INTEGER REFERENCES units (id),
  reply_text TEXT,
  -- Redacted texts that the public may see; set only when the reply is published.
  public_content TEXT,
  public_reply TEXT,
  rating TEXT CHECK (rating IS NULL OR rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  rating_comment TEXT,
  internal_note TEXT,
  ip_hash TEXT,
  submitted_at TEXT NOT NULL,
  accepted_at TEXT,
  replied_at TEXT,
  published_at TEXT,
  rated_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK (is_anonymous = 0 OR (contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL)),
  CHECK (status NOT IN ('replied', 'published', 'rated') OR (reply_text IS NOT NULL AND replied_at IS NOT NULL)),
  CHECK (status <> 'published' OR consent_to_publish = 1),
  CHECK (status <> 'rated' OR rating IS NOT NULL)
);
CREATE INDEX feedback_status ON feedback (status);
CREATE INDEX feedback_submitted ON feedback (submitted_at);

-- Every state change of a feedback, including its creation (from_status NULL).
CREATE TABLE feedback_events (
  id INTEGER PRIMARY KEY,
  feedback_id INTEGER NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('public', 'user', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('public', 'user', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  object_type TEXT NOT NULL,
  object_id INTEGER,
  action TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);

CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- Key/value settings the application keeps for itself (for example the salt for IP hashes).
CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
