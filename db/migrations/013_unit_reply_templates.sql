-- A reply template may belong to one unit (a school's own wording); NULL: shared by every unit.
-- A unit's 经办人 is offered their unit's templates and the shared ones.
ALTER TABLE reply_templates ADD COLUMN unit_id INTEGER REFERENCES units (id);
CREATE INDEX reply_templates_unit ON reply_templates (unit_id);
