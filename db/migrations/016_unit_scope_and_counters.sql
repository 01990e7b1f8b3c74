-- Staff screens at a million opinions, continued (issue 18, point 3): a 经办人's scope as its own
-- table in the inbox's order, per-unit state counters, the unit filter and combined filters in the
-- inbox's order, and counters for the audit log's filters.
--
-- A table rebuild of `feedback` or `feedback_events` must recreate the triggers below (with those of
-- 011 and 014); db/decisions/004 says why triggers keep the copies.

-- The opinions that are or were with a unit (assigned to it now, or by an assign/reassign event):
-- one row per unit and opinion, with a copy of the opinion's state and inbox order kept by the
-- triggers below, so that a 经办人's inbox is the first rows of one index and its count a range of it.
-- Rows are never removed while the opinion exists: "was with the unit" stays true.
CREATE TABLE feedback_unit_scope (
  feedback_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  inbox_order TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (feedback_id, unit_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO feedback_unit_scope (feedback_id, unit_id, status, inbox_order, submitted_at)
  SELECT f.id, e.unit_id, f.status, f.inbox_order, f.submitted_at
  FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id
  WHERE e.action IN ('assign', 'reassign') AND e.unit_id IS NOT NULL;
INSERT OR IGNORE INTO feedback_unit_scope (feedback_id, unit_id, status, inbox_order, submitted_at)
  SELECT id, assigned_unit_id, status, inbox_order, submitted_at FROM feedback WHERE assigned_unit_id IS NOT NULL;
CREATE INDEX feedback_unit_scope_inbox ON feedback_unit_scope (unit_id, inbox_order, submitted_at DESC, feedback_id DESC);
CREATE INDEX feedback_unit_scope_status ON feedback_unit_scope (unit_id, status, inbox_order, submitted_at DESC, feedback_id DESC);

CREATE TRIGGER feedback_unit_scope_feedback_insert AFTER INSERT ON feedback WHEN new.assigned_unit_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO feedback_unit_scope (feedback_id, unit_id, status, inbox_order, submitted_at)
    VALUES (new.id, new.assigned_unit_id, new.status, new.inbox_order, new.submitted_at);
END;
CREATE TRIGGER feedback_unit_scope_feedback_assign AFTER UPDATE OF assigned_unit_id ON feedback WHEN new.assigned_unit_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO feedback_unit_scope (feedback_id, unit_id, status, inbox_order, submitted_at)
    VALUES (new.id, new.assigned_unit_id, new.status, new.inbox_order, new.submitted_at);
END;
CREATE TRIGGER feedback_unit_scope_event AFTER INSERT ON feedback_events
  WHEN new.action IN ('assign', 'reassign') AND new.unit_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO feedback_unit_scope (feedback_id, unit_id, status, inbox_order, submitted_at)
    SELECT f.id, new.unit_id, f.status, f.inbox_order, f.submitted_at FROM feedback f WHERE f.id = new.feedback_id;
END;
-- The columns feedback.due_on and inbox_order are computed from (migration 011), and submitted_at.
CREATE TRIGGER feedback_unit_scope_order AFTER UPDATE OF status, accept_due_on, reply_due_on, followup_status, followup_due_on, submitted_at ON feedback
BEGIN
  UPDATE feedback_unit_scope SET status = new.status, inbox_order = new.inbox_order, submitted_at = new.submitted_at
    WHERE feedback_id = new.id AND (status IS NOT new.status OR inbox_order IS NOT new.inbox_order OR submitted_at IS NOT new.submitted_at);
END;
CREATE TRIGGER feedback_unit_scope_feedback_delete AFTER DELETE ON feedback
BEGIN
  DELETE FROM feedback_unit_scope WHERE feedback_id = old.id;
END;

-- A 经办人's dashboard counts by state: per unit of the scope, kept by triggers.
CREATE TABLE feedback_unit_state_counts (
  unit_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (unit_id, status)
) WITHOUT ROWID;
INSERT INTO feedback_unit_state_counts (unit_id, status, n)
  SELECT unit_id, status, count(*) FROM feedback_unit_scope GROUP BY unit_id, status;
CREATE TRIGGER feedback_unit_state_count_insert AFTER INSERT ON feedback_unit_scope
BEGIN
  INSERT INTO feedback_unit_state_counts (unit_id, status, n) VALUES (new.unit_id, new.status, 1)
    ON CONFLICT (unit_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER feedback_unit_state_count_delete AFTER DELETE ON feedback_unit_scope
BEGIN
  UPDATE feedback_unit_state_counts SET n = n - 1 WHERE unit_id = old.unit_id AND status = old.status;
END;
CREATE TRIGGER feedback_unit_state_count_update AFTER UPDATE OF status ON feedback_unit_scope WHEN old.status <> new.status
BEGIN
  UPDATE feedback_unit_state_counts SET n = n - 1 WHERE unit_id = old.unit_id AND status = old.status;
  INSERT INTO feedback_unit_state_counts (unit_id, status, n) VALUES (new.unit_id, new.status, 1)
    ON CONFLICT (unit_id, status) DO UPDATE SET n = n + 1;
END;

-- The 办公室's dashboard: the open opinions (转办 or 审核中) each unit has now, kept by triggers;
-- the overdue among them are a short range of feedback_open_by_unit (011).
CREATE TABLE feedback_open_unit_counts (
  unit_id INTEGER PRIMARY KEY,
  n INTEGER NOT NULL CHECK (n >= 0)
);
INSERT INTO feedback_open_unit_counts (unit_id, n)
  SELECT assigned_unit_id, count(*) FROM feedback WHERE status IN ('assigned', 'in_review') AND assigned_unit_id IS NOT NULL GROUP BY assigned_unit_id;
CREATE TRIGGER feedback_open_unit_count_insert AFTER INSERT ON feedback
  WHEN new.status IN ('assigned', 'in_review') AND new.assigned_unit_id IS NOT NULL
BEGIN
  INSERT INTO feedback_open_unit_counts (unit_id, n) VALUES (new.assigned_unit_id, 1) ON CONFLICT (unit_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER feedback_open_unit_count_delete AFTER DELETE ON feedback
  WHEN old.status IN ('assigned', 'in_review') AND old.assigned_unit_id IS NOT NULL
BEGIN
  UPDATE feedback_open_unit_counts SET n = n - 1 WHERE unit_id = old.assigned_unit_id;
END;
CREATE TRIGGER feedback_open_unit_count_update AFTER UPDATE OF status, assigned_unit_id ON feedback
  WHEN (old.status IN ('assigned', 'in_review') AND old.assigned_unit_id IS NOT NULL) OR (new.status IN ('assigned', 'in_review') AND new.assigned_unit_id IS NOT NULL)
BEGIN
  UPDATE feedback_open_unit_counts SET n = n - 1
    WHERE unit_id = old.assigned_unit_id AND old.status IN ('assigned', 'in_review');
  INSERT INTO feedback_open_unit_counts (unit_id, n) SELECT new.assigned_unit_id, 1
    WHERE new.status IN ('assigned', 'in_review') AND new.assigned_unit_id IS NOT NULL
    ON CONFLICT (unit_id) DO UPDATE SET n = n + 1;
END;

-- A 经办人's dashboard looks up each open opinion of their scope for the unit it is with now and its
-- due date: from this small index rather than from the opinions' rows (several times faster at scale).
CREATE INDEX feedback_unit_and_due ON feedback (id, assigned_unit_id, due_on);

-- The unit filter (assigned to the unit, or about it) as two ranges in the inbox's order, merged;
-- the second carries assigned_unit_id so that "about it but assigned elsewhere" is read from the index.
DROP INDEX feedback_unit;
CREATE INDEX feedback_inbox_unit ON feedback (unit_id, inbox_order, submitted_at DESC, id DESC, assigned_unit_id);
CREATE INDEX feedback_inbox_assigned_unit ON feedback (assigned_unit_id, inbox_order, submitted_at DESC, id DESC);

-- State, category and role together (or state with one of them): the most selective equality
-- first, then the inbox's order; the count is a range of the index.
CREATE INDEX feedback_inbox_state_category_role ON feedback (status, category, role, inbox_order, submitted_at DESC, id DESC);
CREATE INDEX feedback_inbox_category_role ON feedback (category, role, inbox_order, submitted_at DESC, id DESC);

-- The audit log's totals by action and object type (append-only, so only inserts count).
CREATE TABLE audit_log_counts (
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (action, object_type)
) WITHOUT ROWID;
INSERT INTO audit_log_counts (action, object_type, n) SELECT action, object_type, count(*) FROM audit_log GROUP BY action, object_type;
CREATE TRIGGER audit_log_counts_insert AFTER INSERT ON audit_log
BEGIN
  INSERT INTO audit_log_counts (action, object_type, n) VALUES (new.action, new.object_type, 1)
    ON CONFLICT (action, object_type) DO UPDATE SET n = n + 1;
END;
