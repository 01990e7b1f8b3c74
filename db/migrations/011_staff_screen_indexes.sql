-- Staff screens at a million opinions (issue 18): the inbox, its search, the dashboard and the
-- audit log answer from indexes instead of scanning the tables.

-- The date an opinion is due for its next step, by state (was a CASE in every inbox query).
-- Generated columns: SQLite keeps them true in the same statement as every action's UPDATE, so
-- no action can forget them, and existing rows have them at once (the indexes below are the backfill).
ALTER TABLE feedback ADD COLUMN due_on TEXT GENERATED ALWAYS AS (CASE
  WHEN status = 'pending' THEN accept_due_on
  WHEN status IN ('accepted', 'assigned', 'in_review') THEN reply_due_on
  WHEN status = 'replied' AND followup_status = 'open' THEN followup_due_on
END) VIRTUAL;
-- The inbox's order: soonest due first, nothing due last (a date sorts before '9999-12-31').
ALTER TABLE feedback ADD COLUMN inbox_order TEXT GENERATED ALWAYS AS (coalesce(due_on, '9999-12-31')) VIRTUAL;

-- The inbox's order, whole and per filter, so that a page is the first rows of one index.
CREATE INDEX feedback_inbox ON feedback (inbox_order, submitted_at DESC, id DESC);
DROP INDEX feedback_status;
CREATE INDEX feedback_inbox_status ON feedback (status, inbox_order, submitted_at DESC, id DESC);
CREATE INDEX feedback_inbox_category ON feedback (category, inbox_order, submitted_at DESC, id DESC);
CREATE INDEX feedback_inbox_role ON feedback (role, inbox_order, submitted_at DESC, id DESC);
CREATE INDEX feedback_inbox_follow_up ON feedback (inbox_order, submitted_at DESC, id DESC) WHERE followup_status = 'open';
CREATE INDEX feedback_inbox_screening ON feedback (inbox_order, submitted_at DESC, id DESC) WHERE needs_screening = 1 AND status = 'pending';
CREATE INDEX feedback_unit ON feedback (unit_id);
-- The dashboard's open opinions per unit, with their due dates, from the index alone.
CREATE INDEX feedback_open_by_unit ON feedback (status, assigned_unit_id, due_on);

-- A 经办人's scope (opinions that are or were with their unit) as its own indexed query.
CREATE INDEX feedback_events_unit_assignments ON feedback_events (unit_id, feedback_id) WHERE action IN ('assign', 'reassign');

-- The dashboard's counts by state: kept by triggers in the transaction of every change.
CREATE TABLE feedback_state_counts (
  status TEXT PRIMARY KEY,
  n INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;
INSERT INTO feedback_state_counts (status, n)
  SELECT s.status, (SELECT count(*) FROM feedback f WHERE f.status = s.status)
  FROM (SELECT 'pending' AS status UNION ALL SELECT 'accepted' UNION ALL SELECT 'rejected' UNION ALL SELECT 'assigned'
        UNION ALL SELECT 'in_review' UNION ALL SELECT 'replied' UNION ALL SELECT 'withdrawn') s;
CREATE TRIGGER feedback_state_count_insert AFTER INSERT ON feedback
BEGIN
  UPDATE feedback_state_counts SET n = n + 1 WHERE status = new.status;
END;
CREATE TRIGGER feedback_state_count_delete AFTER DELETE ON feedback
BEGIN
  UPDATE feedback_state_counts SET n = n - 1 WHERE status = old.status;
END;
CREATE TRIGGER feedback_state_count_update AFTER UPDATE OF status ON feedback WHEN old.status <> new.status
BEGIN
  UPDATE feedback_state_counts SET n = n - 1 WHERE status = old.status;
  UPDATE feedback_state_counts SET n = n + 1 WHERE status = new.status;
END;

-- Search in the inbox: a trigram index (Chinese has no spaces between words) of the tracking code,
-- title and content. Contentless: the texts stay only in feedback; the index is kept by triggers.
CREATE VIRTUAL TABLE feedback_search USING fts5(tracking_code, title, content, content = '', contentless_delete = 1, tokenize = 'trigram');
INSERT INTO feedback_search (rowid, tracking_code, title, content) SELECT id, tracking_code, title, content FROM feedback;
CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
BEGIN
  INSERT INTO feedback_search (rowid, tracking_code, title, content) VALUES (new.id, new.tracking_code, new.title, new.content);
END;
CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback
BEGIN
  DELETE FROM feedback_search WHERE rowid = old.id;
END;
CREATE TRIGGER feedback_search_update AFTER UPDATE OF tracking_code, title, content ON feedback
BEGIN
  DELETE FROM feedback_search WHERE rowid = old.id;
  INSERT INTO feedback_search (rowid, tracking_code, title, content) VALUES (new.id, new.tracking_code, new.title, new.content);
END;

-- The audit log's filters, each with the newest entries first.
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE INDEX audit_log_object ON audit_log (object_type, id);

-- The audit log's length (it is append-only: triggers refuse UPDATE and DELETE), for its unfiltered page.
CREATE TABLE audit_log_count (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  n INTEGER NOT NULL CHECK (n >= 0)
);
INSERT INTO audit_log_count (only_row, n) SELECT 1, count(*) FROM audit_log;
CREATE TRIGGER audit_log_count_insert AFTER INSERT ON audit_log
BEGIN
  UPDATE audit_log_count SET n = n + 1 WHERE only_row = 1;
END;
