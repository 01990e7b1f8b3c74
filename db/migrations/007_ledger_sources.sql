-- Bureau sheets without codes, and the sources followed to the end.
-- item_sheet_keys: what identified an item in the last sheet it was imported from (its 序号 and a
-- fingerprint of its problem text), so that next month's version of a sheet without codes maps
-- each row back to the item it made.
CREATE TABLE item_sheet_keys (
  item_id INTEGER PRIMARY KEY REFERENCES rectification_items (id) ON DELETE CASCADE,
  seq TEXT CHECK (seq IS NULL OR length(seq) BETWEEN 1 AND 32),
  problem_key TEXT NOT NULL,
  file_name TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX item_sheet_keys_problem ON item_sheet_keys (problem_key);
