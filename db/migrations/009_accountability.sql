-- Public accountability (issue 14): an extension granted on an opinion already past its reply
-- deadline stays late in the statistics, and every site build leaves a record.

-- 1 when the 延期 was granted after the reply deadline had passed (bureau date). Such an opinion
-- was late before the extension, so the statistics never count it as answered on time.
ALTER TABLE feedback ADD COLUMN extended_when_overdue INTEGER NOT NULL DEFAULT 0
  CHECK (extended_when_overdue IN (0, 1) AND (extended_when_overdue = 0 OR extension_days IS NOT NULL));
-- Opinions extended before this migration: the audit entry of the extension names the deadline it moved.
UPDATE feedback SET extended_when_overdue = 1
WHERE extension_days IS NOT NULL AND EXISTS (
  SELECT 1 FROM audit_log a
  WHERE a.object_type = 'feedback' AND a.object_id = feedback.id AND a.action = 'feedback.extend'
    AND json_valid(a.details) AND date(a.at, '+8 hours') > json_extract(a.details, '$.from')
);

-- One row per site build: nightly, started by a person (重建), or scheduled after a publication.
CREATE TABLE site_builds (
  id INTEGER PRIMARY KEY,
  trigger TEXT NOT NULL CHECK (trigger IN ('nightly', 'manual', 'publication', 'script')),
  requested_by INTEGER REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'built', 'failed')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  pages INTEGER CHECK (pages IS NULL OR pages >= 0),
  -- The figures' 数据截至: when the snapshot was read.
  data_as_of TEXT,
  build_id TEXT,
  error TEXT,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX site_builds_started ON site_builds (started_at);
