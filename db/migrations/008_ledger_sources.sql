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

-- 第三方评估: an evaluation round (who evaluated, when, how) and its suggestions, each decided
-- 采纳 / 部分采纳 (tracked to a ledger item) or 不予采纳 (with the reason), published per round.
CREATE TABLE evaluation_rounds (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  -- 人大代表、政协委员、专家学者 …
  evaluators TEXT NOT NULL CHECK (length(evaluators) BETWEEN 1 AND 200),
  -- 四不两直、问卷调查、座谈 …
  method TEXT NOT NULL DEFAULT '' CHECK (length(method) <= 200),
  started_on TEXT NOT NULL CHECK (started_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  ended_on TEXT CHECK (ended_on IS NULL OR (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND ended_on >= started_on)),
  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
  is_published INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE evaluation_suggestions (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES evaluation_rounds (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 1),
  content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'adopted', 'partly_adopted', 'not_adopted')),
  -- Why not (不予采纳), or what part was not taken (部分采纳): shown on the public page.
  reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
  item_id INTEGER REFERENCES rectification_items (id),
  decided_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (round_id, position),
  CHECK (decision IN ('pending', 'adopted') OR length(reason) > 0),
  CHECK ((decision IN ('adopted', 'partly_adopted')) = (item_id IS NOT NULL)),
  CHECK ((decision = 'pending') = (decided_at IS NULL))
);
CREATE INDEX evaluation_suggestions_item ON evaluation_suggestions (item_id);

-- 群众点题: a campaign (theme, open and close dates) the public joins through the opinion form; each
-- opinion sent for it is a nomination the 办公室 marks 采纳 (becoming or joining a ledger item,
-- source 群众点题) or 未采纳 with a reason the submitter reads on the tracking page.
CREATE TABLE topic_campaigns (
  id INTEGER PRIMARY KEY,
  theme TEXT NOT NULL CHECK (length(theme) BETWEEN 1 AND 100),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  opens_on TEXT NOT NULL CHECK (opens_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  closes_on TEXT NOT NULL CHECK (closes_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND closes_on >= opens_on),
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE topic_nominations (
  feedback_id INTEGER PRIMARY KEY REFERENCES feedback (id) ON DELETE CASCADE,
  campaign_id INTEGER NOT NULL REFERENCES topic_campaigns (id),
  decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'adopted', 'not_adopted')),
  -- Why not: public, shown to the submitter on the tracking page.
  public_reason TEXT NOT NULL DEFAULT '' CHECK (length(public_reason) <= 1000),
  item_id INTEGER REFERENCES rectification_items (id),
  decided_at TEXT,
  CHECK ((decision = 'adopted') = (item_id IS NOT NULL)),
  CHECK (decision <> 'not_adopted' OR length(public_reason) > 0),
  CHECK ((decision = 'pending') = (decided_at IS NULL))
);
CREATE INDEX topic_nominations_campaign ON topic_nominations (campaign_id, decision);
