-- 整改信息: posts the 办公室 or the 台账管理员 write about the rectification work. A post is a
-- draft, published or withdrawn; a published post is never edited in place: a correction (更正)
-- keeps the earlier title and body in post_versions and carries a public note. Attachments are
-- PDF files kept in the database and written into the site by the rebuild (published posts only).
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- Markdown, rendered and sanitised when the site is built (server/domain/post-markdown.ts).
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  -- The date the post is about (发布日期 on the page), a calendar date in the bureau's time zone.
  post_date TEXT NOT NULL CHECK (post_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
  first_published_at TEXT,
  -- Bumped by every change: an edit names the version it saw, so a stale one gets 409.
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (state = 'draft' OR first_published_at IS NOT NULL)
);
CREATE INDEX posts_state ON posts (state, post_date);

-- The ledger items and outcomes a post is about.
CREATE TABLE post_items (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES rectification_items (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, item_id)
) WITHOUT ROWID;
CREATE INDEX post_items_item ON post_items (item_id);
CREATE TABLE post_outcomes (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  -- A removed outcome (removeOutcome deletes the row) drops out of the post's links with it.
  outcome_id INTEGER NOT NULL REFERENCES item_outcomes (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, outcome_id)
) WITHOUT ROWID;

-- Every change of a post is a version holding the post as it was after the change. A correction's
-- note is public (更正说明); a withdrawal's reason stays in the admin app and the audit log.
CREATE TABLE post_versions (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'publish', 'correct', 'withdraw', 'attachment_add', 'attachment_remove')),
  actor_user_id INTEGER REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  post_date TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL,
  UNIQUE (post_id, version)
);

CREATE TABLE post_attachments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  -- The name shown as the link text; the file is served under /news/files/<id>-<sha256 prefix>.pdf.
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
  media_type TEXT NOT NULL CHECK (media_type = 'application/pdf'),
  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX post_attachments_post ON post_attachments (post_id);
