-- migrate: foreign_keys=off
-- A ledger's mistakes can be taken back: a wrong 制度成果 is removed (its title stays in the
-- version that removed it) and a mistaken progress update is withdrawn from the public (the row
-- stays, is_published = 0). Two more version actions; SQLite cannot change a CHECK in place, so
-- item_versions is rebuilt as it was, with every row kept.
CREATE TABLE item_versions_new (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES rectification_items (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'progress', 'outcome', 'publish', 'withdraw', 'import', 'from_feedback', 'migrate',
    'outcome_removed', 'update_withdrawn')),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  data TEXT NOT NULL CHECK (json_valid(data)),
  changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes) AND json_type(changes) = 'array'),
  note TEXT,
  at TEXT NOT NULL,
  UNIQUE (item_id, version)
);
INSERT INTO item_versions_new (id, item_id, version, action, actor_kind, actor_user_id, data, changes, note, at)
  SELECT id, item_id, version, action, actor_kind, actor_user_id, data, changes, note, at FROM item_versions;
DROP TABLE item_versions;
ALTER TABLE item_versions_new RENAME TO item_versions;
