-- migrate: foreign_keys=off
-- Administration: staff accounts with roles and a second factor, server-side sessions, categories
-- with deadlines, reply templates, the holiday calendar, and the opinion workflow's state machine
-- (server/domain/feedback-workflow.ts holds the same lists; a test keeps them in step).

-- Staff accounts. A person may hold several roles (user_roles).
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 3 AND 32),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  email TEXT CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
  unit_id INTEGER REFERENCES units (id),
  -- scrypt$N$r$p$salt$hash: the parameters travel with the hash so they can be raised later.
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until TEXT,
  -- AES-256-GCM ciphertext of the TOTP secret; NULL until the second factor is enrolled.
  totp_secret_enc TEXT,
  totp_enrolled_at TEXT,
  -- The last time step accepted: a code is never accepted twice.
  totp_last_step INTEGER,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((totp_secret_enc IS NULL) = (totp_enrolled_at IS NULL))
);
INSERT INTO users_new (id, username, display_name, unit_id, password_hash, is_active, created_at, updated_at)
  SELECT id, username, display_name, unit_id, password_hash, is_active, created_at, created_at FROM users;

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('sysadmin', 'office', 'handler', 'ledger')),
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
INSERT INTO user_roles (user_id, role)
  SELECT id, CASE role WHEN 'admin' THEN 'sysadmin' ELSE 'handler' END FROM users;

DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE recovery_codes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Server-side sessions. The cookie carries a 256-bit random id; only its sha256 is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Opinion categories, maintained by the 系统管理员, with their deadlines in working days.
CREATE TABLE feedback_categories (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32 AND code GLOB '[a-z]*' AND NOT code GLOB '*[^a-z0-9_]*'),
  label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 20),
  accept_working_days INTEGER NOT NULL DEFAULT 1 CHECK (accept_working_days BETWEEN 1 AND 10),
  reply_working_days INTEGER NOT NULL DEFAULT 5 CHECK (reply_working_days BETWEEN 1 AND 30),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO feedback_categories (code, label, sort_order) VALUES
  ('work_style', '机关作风', 1),
  ('teaching', '教育教学', 2),
  ('burden', '减负与补课', 3),
  ('fees', '收费与经费', 4),
  ('enrollment', '招生入学', 5),
  ('safety', '校园安全', 6),
  ('service', '政务服务', 7),
  ('other', '其他', 8);

CREATE TABLE reply_templates (
  id INTEGER PRIMARY KEY,
  category TEXT REFERENCES feedback_categories (code),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 50),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  sort_order INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

-- Holiday calendar entered from the State Council's notice, for years the package does not cover.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  notice TEXT NOT NULL CHECK (length(notice) BETWEEN 1 AND 200),
  updated_by INTEGER REFERENCES users (id),
  updated_at TEXT NOT NULL
);
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  year INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  is_working_day INTEGER NOT NULL CHECK (is_working_day IN (0, 1)),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
  CHECK (CAST(substr(date, 1, 4) AS INTEGER) = year)
) WITHOUT ROWID;

-- The opinion, rebuilt for the workflow. States: pending 待受理, accepted 已受理, rejected 不予受理,
-- assigned 已转办, in_review 待审核 (reply drafted by the unit), replied 已答复, withdrawn 已撤回.
-- Publication and rating sit beside the state.
CREATE TABLE feedback_new (
  id INTEGER PRIMARY KEY,
  tracking_code TEXT NOT NULL UNIQUE,
  -- sha256 of the submitter's secret; the secret itself is shown once and never stored.
  secret_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('parent', 'student', 'teacher', 'other')),
  category TEXT NOT NULL REFERENCES feedback_categories (code),
  title TEXT CHECK (title IS NULL OR length(title) BETWEEN 1 AND 100),
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
    CHECK (status IN ('pending', 'accepted', 'rejected', 'assigned', 'in_review', 'replied', 'withdrawn')),
  -- Set when a submission needs a human look before it is handled (for example no proof of work).
  needs_screening INTEGER NOT NULL DEFAULT 0 CHECK (needs_screening IN (0, 1)),
  accept_due_on TEXT,
  reply_due_on TEXT,
  -- A deadline that fell in a year with no holiday calendar is provisional.
  due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (due_provisional IN (0, 1)),
  reject_reason TEXT CHECK (reject_reason IS NULL OR reject_reason IN ('duplicate', 'out_of_scope', 'unclear', 'improper')),
  reject_note TEXT,
  assigned_unit_id INTEGER REFERENCES units (id),
  reply_draft TEXT,
  reply_drafted_by INTEGER REFERENCES users (id),
  review_comment TEXT,
  reply_text TEXT,
  reply_unit_id INTEGER REFERENCES units (id),
  extension_days INTEGER CHECK (extension_days IS NULL OR extension_days BETWEEN 1 AND 10),
  extension_reason TEXT,
  urge_count INTEGER NOT NULL DEFAULT 0 CHECK (urge_count >= 0),
  publication TEXT NOT NULL DEFAULT 'undecided' CHECK (publication IN ('undecided', 'published', 'withheld')),
  -- Redacted texts that the public may see; the originals never leave the admin side.
  public_content TEXT,
  public_reply TEXT,
  rating TEXT CHECK (rating IS NULL OR rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  rating_comment TEXT,
  followup_status TEXT CHECK (followup_status IS NULL OR followup_status IN ('open', 'explained', 'reopened')),
  followup_due_on TEXT,
  followup_outcome TEXT,
  internal_note TEXT,
  ip_hash TEXT,
  submitted_at TEXT NOT NULL,
  accepted_at TEXT,
  assigned_at TEXT,
  replied_at TEXT,
  published_at TEXT,
  rated_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  -- Bumped by every change: an action names the version it saw, so a stale one gets 409.
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (is_anonymous = 0 OR (contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL)),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
  CHECK (status NOT IN ('assigned', 'in_review') OR assigned_unit_id IS NOT NULL),
  CHECK (status <> 'in_review' OR reply_draft IS NOT NULL),
  CHECK (status <> 'replied' OR (reply_text IS NOT NULL AND replied_at IS NOT NULL)),
  CHECK (publication <> 'published' OR (consent_to_publish = 1 AND public_content IS NOT NULL AND public_reply IS NOT NULL AND reply_text IS NOT NULL)),
  CHECK (rating IS NULL OR (rated_at IS NOT NULL AND reply_text IS NOT NULL)),
  CHECK (followup_status IS NULL OR rating = 'dissatisfied' OR followup_status = 'reopened')
);

-- Opinions already stored: 'published' and 'rated' were states; now they sit beside 'replied'.
INSERT INTO feedback_new (id, tracking_code, secret_hash, role, category, content, item_id, unit_id, is_anonymous,
    contact_name, contact_phone, contact_email, consent_to_publish, status, assigned_unit_id, reply_text, reply_unit_id,
    reject_reason, reject_note, publication, public_content, public_reply, rating, rating_comment, internal_note, ip_hash,
    submitted_at, accepted_at, assigned_at, replied_at, published_at, rated_at, updated_at)
  SELECT id, tracking_code, secret_hash, role, category, content, item_id, unit_id, is_anonymous,
    contact_name, contact_phone, contact_email, consent_to_publish,
    CASE WHEN status IN ('published', 'rated') THEN 'replied' ELSE status END,
    assigned_unit_id, reply_text, CASE WHEN reply_text IS NOT NULL THEN assigned_unit_id END,
    CASE WHEN status = 'rejected' THEN 'unclear' END,
    CASE WHEN status = 'rejected' THEN (SELECT e.note FROM feedback_events e WHERE e.feedback_id = feedback.id AND e.to_status = 'rejected' ORDER BY e.id DESC LIMIT 1) END,
    CASE WHEN published_at IS NOT NULL AND public_content IS NOT NULL AND public_reply IS NOT NULL AND consent_to_publish = 1 THEN 'published' ELSE 'undecided' END,
    public_content, public_reply, rating, rating_comment, internal_note, ip_hash,
    submitted_at, accepted_at,
    (SELECT min(e.at) FROM feedback_events e WHERE e.feedback_id = feedback.id AND e.to_status = 'assigned'),
    replied_at, published_at, rated_at, updated_at
  FROM feedback;

-- Every step of an opinion, state change or not (督办, extension, publication, rating, follow-up).
CREATE TABLE feedback_events_new (
  id INTEGER PRIMARY KEY,
  feedback_id INTEGER NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('submit', 'accept', 'reject', 'assign', 'reassign', 'hand_back', 'draft_reply',
    'return_reply', 'approve_reply', 'urge', 'extend', 'publish', 'withhold', 'rate', 'follow_up_explained',
    'follow_up_reopened', 'withdraw', 'note')),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('public', 'user', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  unit_id INTEGER REFERENCES units (id),
  -- Shown to the submitter on the tracking page only when is_public = 1.
  note TEXT,
  is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  at TEXT NOT NULL
);
INSERT INTO feedback_events_new (id, feedback_id, action, actor_kind, actor_user_id, from_status, to_status, unit_id, note, is_public, at)
  SELECT e.id, e.feedback_id,
    CASE
      WHEN e.from_status IS NULL THEN 'submit'
      WHEN e.to_status = 'accepted' THEN 'accept'
      WHEN e.to_status = 'rejected' THEN 'reject'
      WHEN e.to_status = 'assigned' THEN 'assign'
      WHEN e.to_status = 'replied' THEN 'approve_reply'
      WHEN e.to_status = 'published' THEN 'publish'
      WHEN e.to_status = 'rated' THEN 'rate'
      ELSE 'note'
    END,
    e.actor_kind, e.actor_user_id,
    CASE WHEN e.from_status IN ('published', 'rated') THEN 'replied' ELSE e.from_status END,
    CASE WHEN e.to_status IN ('published', 'rated') THEN 'replied' ELSE e.to_status END,
    CASE WHEN e.to_status = 'assigned' THEN (SELECT f.assigned_unit_id FROM feedback f WHERE f.id = e.feedback_id) END,
    e.note,
    CASE WHEN e.to_status IN ('rejected', 'replied') THEN 1 ELSE 0 END,
    e.at
  FROM feedback_events e;

DROP TABLE feedback_events;
DROP TABLE feedback;
ALTER TABLE feedback_new RENAME TO feedback;
ALTER TABLE feedback_events_new RENAME TO feedback_events;
CREATE INDEX feedback_status ON feedback (status);
CREATE INDEX feedback_submitted ON feedback (submitted_at);
CREATE INDEX feedback_assigned_unit ON feedback (assigned_unit_id, status);
CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, id);

-- The audit log is append-only (等保 2.0: records kept, not altered).
ALTER TABLE audit_log ADD COLUMN details TEXT;
ALTER TABLE audit_log ADD COLUMN ip_hash TEXT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
