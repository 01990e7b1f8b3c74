-- The statistics at a million opinions (issue 14 point 8, issue 18 point 4): each opinion's facts
-- as the figures see them, kept in a narrow table in the same transaction as every change, instead
-- of reading every opinion with its dates converted and a GROUP BY over all events on each build.
--
-- Dates are the bureau's calendar dates (UTC+8). No working-day count is stored: those are counted
-- when the figures are read, from the work calendar of that moment, so a change of the calendar
-- (holidays edited by staff) needs no refresh of this table.

-- One opinion's facts worked out from its row and its events (the definition; the triggers and the
-- backfill below copy from here). Correlated subqueries over the opinion's own events
-- (index feedback_events_feedback), so a trigger reads a handful of rows.
CREATE VIEW feedback_facts_source AS
SELECT f.id AS feedback_id,
  f.status,
  f.role,
  f.category,
  coalesce(f.reply_unit_id, f.assigned_unit_id) AS unit_id,
  date(f.submitted_at, '+8 hours') AS submitted_on,
  substr(date(f.submitted_at, '+8 hours'), 1, 7) AS month,
  date(f.accepted_at, '+8 hours') AS accepted_on,
  f.accept_due_on,
  CASE WHEN f.status = 'rejected' THEN date(f.closed_at, '+8 hours') END AS rejected_on,
  date((SELECT min(e.at) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = 'assign'), '+8 hours') AS assigned_on,
  CASE WHEN f.status = 'replied' THEN date(f.replied_at, '+8 hours') END AS replied_on,
  f.reply_due_on,
  f.extension_days IS NOT NULL AS extended,
  f.extended_when_overdue,
  CASE WHEN f.status = 'replied' THEN f.rating END AS rating,
  f.status = 'replied' AND f.publication = 'published' AS published,
  (SELECT count(*) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = 'urge') AS urges,
  (SELECT count(*) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = 'rate' AND e.note = 'dissatisfied') AS dissatisfied_ratings,
  (SELECT count(*) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action IN ('follow_up_explained', 'follow_up_reopened')) AS follow_ups,
  date((SELECT min(e.at) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = 'rate' AND e.note = 'dissatisfied'), '+8 hours') AS dissatisfied_on,
  date((SELECT min(e.at) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action IN ('follow_up_explained', 'follow_up_reopened')), '+8 hours') AS followed_up_on
FROM feedback f;

CREATE TABLE feedback_facts (
  feedback_id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  role TEXT NOT NULL,
  category TEXT NOT NULL,
  unit_id INTEGER,
  submitted_on TEXT,
  month TEXT,
  accepted_on TEXT,
  accept_due_on TEXT,
  rejected_on TEXT,
  assigned_on TEXT,
  replied_on TEXT,
  reply_due_on TEXT,
  extended INTEGER NOT NULL,
  extended_when_overdue INTEGER NOT NULL,
  rating TEXT,
  published INTEGER NOT NULL,
  urges INTEGER NOT NULL,
  dissatisfied_ratings INTEGER NOT NULL,
  follow_ups INTEGER NOT NULL,
  dissatisfied_on TEXT,
  followed_up_on TEXT
);
-- A period's opinions (the scorecard export) by bureau date of submission.
CREATE INDEX feedback_facts_submitted ON feedback_facts (submitted_on);

-- The backfill: existing opinions get exactly the facts the figures were worked out from before.
INSERT INTO feedback_facts SELECT * FROM feedback_facts_source;

-- Kept in the transaction of every change: a new opinion, any change of a column the facts read,
-- and the events they count (assign, urge, rate, 回访). Each trigger works the opinion's facts out
-- again from the view, so the table can never drift from its definition.
CREATE TRIGGER feedback_facts_insert AFTER INSERT ON feedback
BEGIN
  INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id = new.id;
END;
CREATE TRIGGER feedback_facts_update AFTER UPDATE OF status, role, category, reply_unit_id, assigned_unit_id, submitted_at, accepted_at,
  accept_due_on, closed_at, replied_at, reply_due_on, extension_days, extended_when_overdue, rating, publication ON feedback
BEGIN
  INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id = new.id;
END;
CREATE TRIGGER feedback_facts_delete AFTER DELETE ON feedback
BEGIN
  DELETE FROM feedback_facts WHERE feedback_id = old.id;
END;
CREATE TRIGGER feedback_facts_event_insert AFTER INSERT ON feedback_events
  WHEN new.action IN ('assign', 'urge', 'rate', 'follow_up_explained', 'follow_up_reopened')
BEGIN
  INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id = new.feedback_id;
END;
CREATE TRIGGER feedback_facts_event_update AFTER UPDATE OF feedback_id, action, note, at ON feedback_events
BEGIN
  INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id IN (old.feedback_id, new.feedback_id);
END;
CREATE TRIGGER feedback_facts_event_delete AFTER DELETE ON feedback_events
BEGIN
  INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id = old.feedback_id;
END;
