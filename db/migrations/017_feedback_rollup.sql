-- The statistics snapshot at a million opinions in well under a second (issue 14 point 8, issue 18
-- point 4, second pass): a rollup of feedback_facts kept by triggers in the same transaction, so
-- the snapshot reads a few hundred rows instead of a million.
--
-- Groups: overall ('all', key '') and each month, category, submitter role and unit (key '' for
-- opinions not yet 转办), the breakdowns the figures show. Per group: the counts of
-- server/domain/feedback-figures.ts (FiguresAccumulator) in feedback_rollup, and a histogram of
-- working days per measure in feedback_rollup_days (medians and means come from histograms).
--
-- Working days are now stored, so they need the calendar: work_day_ordinals holds, for every date
-- of a range, the number of working days from the start of the range up to and including it; the
-- working days after a up to and including b are ordinal(b) - ordinal(a) (never below 0), two index
-- lookups a trigger can make. The table is filled by db/queries/statistics-rollup.ts from the work
-- calendar when the database is opened and on every change of the calendar, and the rollup rebuilt
-- with it in one transaction. A date outside the range leaves its measure out and is counted in
-- `unmeasured`; the figures are then read from feedback_facts instead (and the next open extends
-- the range).
--
-- Oldest unanswered (it depends on today) is read from partial indexes over the open opinions.

CREATE TABLE work_day_ordinals (
  date TEXT PRIMARY KEY,
  ordinal INTEGER NOT NULL
) WITHOUT ROWID;

-- One opinion's six dates as working-day ordinals (NULL: no date, or a date outside the range).
-- Joins, not correlated subqueries, so that each lookup is made once per opinion however often
-- the views above read its result.
CREATE VIEW feedback_rollup_ordinals AS
SELECT f.*,
  o_submitted.ordinal AS submitted_ordinal,
  o_accepted.ordinal AS accepted_ordinal,
  o_assigned.ordinal AS assigned_ordinal,
  o_replied.ordinal AS replied_ordinal,
  o_dissatisfied.ordinal AS dissatisfied_ordinal,
  o_followed_up.ordinal AS followed_up_ordinal
FROM feedback_facts f
  LEFT JOIN work_day_ordinals o_submitted ON o_submitted.date = f.submitted_on
  LEFT JOIN work_day_ordinals o_accepted ON o_accepted.date = f.accepted_on
  LEFT JOIN work_day_ordinals o_assigned ON o_assigned.date = f.assigned_on
  LEFT JOIN work_day_ordinals o_replied ON o_replied.date = f.replied_on
  LEFT JOIN work_day_ordinals o_dissatisfied ON o_dissatisfied.date = f.dissatisfied_on
  LEFT JOIN work_day_ordinals o_followed_up ON o_followed_up.date = f.followed_up_on;

-- One opinion's contribution: the rules of FiguresAccumulator.addMeasured and measureOpinion.
CREATE VIEW feedback_rollup_measured AS
SELECT f.feedback_id, coalesce(f.month, '') AS month, f.category, f.role, coalesce(CAST(f.unit_id AS TEXT), '') AS unit,
  1 AS received,
  f.accepted_on IS NOT NULL AND f.status NOT IN ('rejected', 'withdrawn') AS accepted,
  f.status = 'rejected' AS not_accepted,
  f.status = 'withdrawn' AS withdrawn,
  f.status = 'pending' AS pending,
  f.status IN ('accepted', 'assigned', 'in_review') AS in_hand,
  f.answered AS replied,
  coalesce(f.accepted_on, f.rejected_on) IS NOT NULL AND f.accept_due_on IS NOT NULL AS accept_decided,
  coalesce(coalesce(f.accepted_on, f.rejected_on) <= f.accept_due_on, 0) AS accept_on_time,
  f.answered AND f.extended = 0 AND coalesce(f.replied_on <= f.reply_due_on, 0) AS reply_on_time,
  f.answered AND (coalesce(f.replied_on > f.reply_due_on, 0) OR (f.extended = 1 AND f.extended_when_overdue = 1)) AS reply_late,
  f.answered AND f.extended = 1 AS reply_extended,
  f.answered AND f.rating IS NOT NULL AS rated,
  f.answered AND f.rating IS 'satisfied' AS satisfied,
  f.answered AND f.rating IS 'basically_satisfied' AS basically_satisfied,
  f.answered AND f.rating IS NOT NULL AND f.rating NOT IN ('satisfied', 'basically_satisfied') AS dissatisfied,
  f.answered AND f.published = 1 AS published,
  f.dissatisfied_ratings,
  min(f.follow_ups, f.dissatisfied_ratings) AS follow_ups,
  f.urges,
  -- The home page's 延期 figure: accepted opinions with an extension, answered or not.
  f.accepted_on IS NOT NULL AND f.status NOT IN ('rejected', 'withdrawn') AND f.extended = 1 AS accepted_extended,
  (f.accepted_on IS NOT NULL AND f.accept_days IS NULL)
    + (f.accepted_on IS NOT NULL AND f.assigned_on IS NOT NULL AND f.assign_days IS NULL)
    + (f.answered AND f.assigned_on IS NOT NULL AND f.reply_days IS NULL)
    + (f.answered AND f.total_days IS NULL)
    + (f.dissatisfied_on IS NOT NULL AND f.followed_up_on IS NOT NULL AND f.follow_up_days IS NULL) AS unmeasured,
  CASE WHEN f.accepted_on IS NOT NULL THEN f.accept_days END AS accept_days,
  CASE WHEN f.accepted_on IS NOT NULL AND f.assigned_on IS NOT NULL THEN f.assign_days END AS assign_days,
  CASE WHEN f.answered AND f.assigned_on IS NOT NULL THEN f.reply_days END AS reply_days,
  CASE WHEN f.answered THEN f.total_days END AS total_days,
  CASE WHEN f.dissatisfied_on IS NOT NULL AND f.followed_up_on IS NOT NULL THEN f.follow_up_days END AS follow_up_days
FROM (
  SELECT o.*,
    (o.status = 'replied' AND o.replied_on IS NOT NULL) AS answered,
    max(0, o.accepted_ordinal - o.submitted_ordinal) AS accept_days,
    max(0, o.assigned_ordinal - o.accepted_ordinal) AS assign_days,
    max(0, o.replied_ordinal - o.assigned_ordinal) AS reply_days,
    max(0, o.replied_ordinal - o.submitted_ordinal) AS total_days,
    max(0, o.followed_up_ordinal - o.dissatisfied_ordinal) AS follow_up_days
  FROM feedback_rollup_ordinals o
) f;

-- Each opinion counts in five groups.
CREATE VIEW feedback_rollup_source AS
SELECT m.*, d.dimension,
  CASE d.dimension WHEN 'all' THEN '' WHEN 'month' THEN m.month WHEN 'category' THEN m.category WHEN 'role' THEN m.role ELSE m.unit END AS key
FROM feedback_rollup_measured m,
  (SELECT 'all' AS dimension UNION ALL SELECT 'month' UNION ALL SELECT 'category' UNION ALL SELECT 'role' UNION ALL SELECT 'unit') d;

-- Each measure of each group an opinion counts in, with its working days.
CREATE VIEW feedback_rollup_days_source AS
SELECT s.feedback_id, s.dimension, s.key, x.measure,
  CASE x.measure WHEN 'accept' THEN s.accept_days WHEN 'assign' THEN s.assign_days WHEN 'reply' THEN s.reply_days
    WHEN 'total' THEN s.total_days ELSE s.follow_up_days END AS days
FROM feedback_rollup_source s,
  (SELECT 'accept' AS measure UNION ALL SELECT 'assign' UNION ALL SELECT 'reply' UNION ALL SELECT 'total' UNION ALL SELECT 'follow_up') x
WHERE days IS NOT NULL;

CREATE TABLE feedback_rollup (
  dimension TEXT NOT NULL,
  key TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  not_accepted INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  in_hand INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  accept_decided INTEGER NOT NULL DEFAULT 0,
  accept_on_time INTEGER NOT NULL DEFAULT 0,
  reply_on_time INTEGER NOT NULL DEFAULT 0,
  reply_late INTEGER NOT NULL DEFAULT 0,
  reply_extended INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basically_satisfied INTEGER NOT NULL DEFAULT 0,
  dissatisfied INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  dissatisfied_ratings INTEGER NOT NULL DEFAULT 0,
  follow_ups INTEGER NOT NULL DEFAULT 0,
  urges INTEGER NOT NULL DEFAULT 0,
  accepted_extended INTEGER NOT NULL DEFAULT 0,
  unmeasured INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension, key)
) WITHOUT ROWID;

CREATE TABLE feedback_rollup_days (
  dimension TEXT NOT NULL,
  key TEXT NOT NULL,
  measure TEXT NOT NULL,
  days INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (dimension, key, measure, days)
) WITHOUT ROWID;

-- The oldest unanswered opinion overall and in each group: the first entry of a partial index.
CREATE INDEX feedback_facts_open ON feedback_facts (submitted_on) WHERE status IN ('pending', 'accepted', 'assigned', 'in_review');
CREATE INDEX feedback_facts_open_month ON feedback_facts (month, submitted_on) WHERE status IN ('pending', 'accepted', 'assigned', 'in_review');
CREATE INDEX feedback_facts_open_category ON feedback_facts (category, submitted_on) WHERE status IN ('pending', 'accepted', 'assigned', 'in_review');
CREATE INDEX feedback_facts_open_role ON feedback_facts (role, submitted_on) WHERE status IN ('pending', 'accepted', 'assigned', 'in_review');
CREATE INDEX feedback_facts_open_unit ON feedback_facts (unit_id, submitted_on) WHERE status IN ('pending', 'accepted', 'assigned', 'in_review');

-- Kept in the transaction of every change of feedback_facts (itself kept by migration 015's
-- triggers). The rollup starts empty with no ordinals; the first open fills both.
CREATE TRIGGER feedback_rollup_insert AFTER INSERT ON feedback_facts
BEGIN
  INSERT INTO feedback_rollup (dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured)
    SELECT dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured FROM feedback_rollup_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key) DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted, not_accepted = not_accepted + excluded.not_accepted, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending, in_hand = in_hand + excluded.in_hand, replied = replied + excluded.replied, accept_decided = accept_decided + excluded.accept_decided, accept_on_time = accept_on_time + excluded.accept_on_time, reply_on_time = reply_on_time + excluded.reply_on_time, reply_late = reply_late + excluded.reply_late, reply_extended = reply_extended + excluded.reply_extended, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied, basically_satisfied = basically_satisfied + excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, published = published + excluded.published, dissatisfied_ratings = dissatisfied_ratings + excluded.dissatisfied_ratings, follow_ups = follow_ups + excluded.follow_ups, urges = urges + excluded.urges, accepted_extended = accepted_extended + excluded.accepted_extended, unmeasured = unmeasured + excluded.unmeasured;
  INSERT INTO feedback_rollup_days (dimension, key, measure, days, n)
    SELECT dimension, key, measure, days, 1 FROM feedback_rollup_days_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key, measure, days) DO UPDATE SET n = n + excluded.n;
END;
-- feedback_facts is written with INSERT OR REPLACE: the row it replaces is taken out before.
CREATE TRIGGER feedback_rollup_replace BEFORE INSERT ON feedback_facts
BEGIN
  INSERT INTO feedback_rollup (dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured)
    SELECT dimension, key, -received, -accepted, -not_accepted, -withdrawn, -pending, -in_hand, -replied, -accept_decided, -accept_on_time, -reply_on_time, -reply_late, -reply_extended, -rated, -satisfied, -basically_satisfied, -dissatisfied, -published, -dissatisfied_ratings, -follow_ups, -urges, -accepted_extended, -unmeasured FROM feedback_rollup_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key) DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted, not_accepted = not_accepted + excluded.not_accepted, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending, in_hand = in_hand + excluded.in_hand, replied = replied + excluded.replied, accept_decided = accept_decided + excluded.accept_decided, accept_on_time = accept_on_time + excluded.accept_on_time, reply_on_time = reply_on_time + excluded.reply_on_time, reply_late = reply_late + excluded.reply_late, reply_extended = reply_extended + excluded.reply_extended, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied, basically_satisfied = basically_satisfied + excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, published = published + excluded.published, dissatisfied_ratings = dissatisfied_ratings + excluded.dissatisfied_ratings, follow_ups = follow_ups + excluded.follow_ups, urges = urges + excluded.urges, accepted_extended = accepted_extended + excluded.accepted_extended, unmeasured = unmeasured + excluded.unmeasured;
  INSERT INTO feedback_rollup_days (dimension, key, measure, days, n)
    SELECT dimension, key, measure, days, -1 FROM feedback_rollup_days_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key, measure, days) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER feedback_rollup_delete BEFORE DELETE ON feedback_facts
BEGIN
  INSERT INTO feedback_rollup (dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured)
    SELECT dimension, key, -received, -accepted, -not_accepted, -withdrawn, -pending, -in_hand, -replied, -accept_decided, -accept_on_time, -reply_on_time, -reply_late, -reply_extended, -rated, -satisfied, -basically_satisfied, -dissatisfied, -published, -dissatisfied_ratings, -follow_ups, -urges, -accepted_extended, -unmeasured FROM feedback_rollup_source WHERE feedback_id = old.feedback_id
    ON CONFLICT (dimension, key) DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted, not_accepted = not_accepted + excluded.not_accepted, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending, in_hand = in_hand + excluded.in_hand, replied = replied + excluded.replied, accept_decided = accept_decided + excluded.accept_decided, accept_on_time = accept_on_time + excluded.accept_on_time, reply_on_time = reply_on_time + excluded.reply_on_time, reply_late = reply_late + excluded.reply_late, reply_extended = reply_extended + excluded.reply_extended, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied, basically_satisfied = basically_satisfied + excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, published = published + excluded.published, dissatisfied_ratings = dissatisfied_ratings + excluded.dissatisfied_ratings, follow_ups = follow_ups + excluded.follow_ups, urges = urges + excluded.urges, accepted_extended = accepted_extended + excluded.accepted_extended, unmeasured = unmeasured + excluded.unmeasured;
  INSERT INTO feedback_rollup_days (dimension, key, measure, days, n)
    SELECT dimension, key, measure, days, -1 FROM feedback_rollup_days_source WHERE feedback_id = old.feedback_id
    ON CONFLICT (dimension, key, measure, days) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER feedback_rollup_update_before BEFORE UPDATE ON feedback_facts
BEGIN
  INSERT INTO feedback_rollup (dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured)
    SELECT dimension, key, -received, -accepted, -not_accepted, -withdrawn, -pending, -in_hand, -replied, -accept_decided, -accept_on_time, -reply_on_time, -reply_late, -reply_extended, -rated, -satisfied, -basically_satisfied, -dissatisfied, -published, -dissatisfied_ratings, -follow_ups, -urges, -accepted_extended, -unmeasured FROM feedback_rollup_source WHERE feedback_id = old.feedback_id
    ON CONFLICT (dimension, key) DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted, not_accepted = not_accepted + excluded.not_accepted, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending, in_hand = in_hand + excluded.in_hand, replied = replied + excluded.replied, accept_decided = accept_decided + excluded.accept_decided, accept_on_time = accept_on_time + excluded.accept_on_time, reply_on_time = reply_on_time + excluded.reply_on_time, reply_late = reply_late + excluded.reply_late, reply_extended = reply_extended + excluded.reply_extended, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied, basically_satisfied = basically_satisfied + excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, published = published + excluded.published, dissatisfied_ratings = dissatisfied_ratings + excluded.dissatisfied_ratings, follow_ups = follow_ups + excluded.follow_ups, urges = urges + excluded.urges, accepted_extended = accepted_extended + excluded.accepted_extended, unmeasured = unmeasured + excluded.unmeasured;
  INSERT INTO feedback_rollup_days (dimension, key, measure, days, n)
    SELECT dimension, key, measure, days, -1 FROM feedback_rollup_days_source WHERE feedback_id = old.feedback_id
    ON CONFLICT (dimension, key, measure, days) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER feedback_rollup_update_after AFTER UPDATE ON feedback_facts
BEGIN
  INSERT INTO feedback_rollup (dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured)
    SELECT dimension, key, received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time, reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published, dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured FROM feedback_rollup_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key) DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted, not_accepted = not_accepted + excluded.not_accepted, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending, in_hand = in_hand + excluded.in_hand, replied = replied + excluded.replied, accept_decided = accept_decided + excluded.accept_decided, accept_on_time = accept_on_time + excluded.accept_on_time, reply_on_time = reply_on_time + excluded.reply_on_time, reply_late = reply_late + excluded.reply_late, reply_extended = reply_extended + excluded.reply_extended, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied, basically_satisfied = basically_satisfied + excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, published = published + excluded.published, dissatisfied_ratings = dissatisfied_ratings + excluded.dissatisfied_ratings, follow_ups = follow_ups + excluded.follow_ups, urges = urges + excluded.urges, accepted_extended = accepted_extended + excluded.accepted_extended, unmeasured = unmeasured + excluded.unmeasured;
  INSERT INTO feedback_rollup_days (dimension, key, measure, days, n)
    SELECT dimension, key, measure, days, 1 FROM feedback_rollup_days_source WHERE feedback_id = new.feedback_id
    ON CONFLICT (dimension, key, measure, days) DO UPDATE SET n = n + excluded.n;
END;
