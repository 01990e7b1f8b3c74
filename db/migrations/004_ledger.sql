-- migrate: foreign_keys=off
-- The rectification ledger (整改台账) for real: configurable categories, the issue's list of sources,
-- the responsible leader's name and post, a deadline or 长期坚持, a completion date, outcomes
-- (制度成果) as rows of their own, progress updates that record the status after them, a version
-- row for every change of an item, and the link between an item and the opinion it came from.
-- server/domain/vocabulary.ts holds the same code lists; a test keeps them in step.

-- Item categories, kept by the 系统管理员 or the 台账管理员 (like feedback_categories).
CREATE TABLE item_categories (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32 AND code GLOB '[a-z]*' AND NOT code GLOB '*[^a-z0-9_]*'),
  label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 20),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO item_categories (code, label, sort_order) VALUES
  ('meetings', '会议文件', 1),
  ('inspections', '督查检查', 2),
  ('reception', '公务接待', 3),
  ('fees', '教育收费', 4),
  ('enrollment', '招生入学', 5),
  ('teaching', '教学管理', 6),
  ('funds', '经费使用', 7),
  ('ethics', '师德师风', 8),
  ('service', '服务流程', 9),
  ('other', '其他', 10);

-- Categories were free text. Words that mean one of the new categories map onto it; any other
-- word becomes a category of its own (legacy_N), so no item loses what it was filed under.
CREATE TEMP TABLE category_synonyms (word TEXT PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO category_synonyms (word, code) VALUES
  ('会风文风', 'meetings'), ('文风会风', 'meetings'), ('会议', 'meetings'), ('文件', 'meetings'), ('精文减会', 'meetings'),
  ('基层减负', 'inspections'), ('督查', 'inspections'), ('检查', 'inspections'), ('督查考核', 'inspections'),
  ('接待', 'reception'), ('收费', 'fees'), ('收费与经费', 'fees'), ('招生', 'enrollment'),
  ('教育教学', 'teaching'), ('教学', 'teaching'), ('经费', 'funds'), ('经费管理', 'funds'), ('财务', 'funds'),
  ('师德', 'ethics'), ('服务', 'service'), ('服务效能', 'service'), ('政务服务', 'service'), ('作风建设', 'other');
INSERT INTO category_synonyms (word, code) SELECT label, code FROM item_categories WHERE true
  ON CONFLICT (word) DO NOTHING;
INSERT INTO category_synonyms (word, code) SELECT code, code FROM item_categories WHERE true
  ON CONFLICT (word) DO NOTHING;

INSERT INTO item_categories (code, label, sort_order)
  SELECT 'legacy_' || row_number() OVER (ORDER BY label), label, 100 + row_number() OVER (ORDER BY label)
  FROM (
    SELECT DISTINCT substr(trim(category), 1, 20) AS label FROM rectification_items
    WHERE trim(category) <> '' AND trim(category) NOT IN (SELECT word FROM category_synonyms)
  )
  WHERE label NOT IN (SELECT label FROM item_categories);
INSERT INTO category_synonyms (word, code) SELECT label, code FROM item_categories WHERE code GLOB 'legacy_*'
  ON CONFLICT (word) DO NOTHING;

-- The ledger item, rebuilt. Sources: symposium 座谈交流, online 线上征集, visit 走访调研,
-- democratic_review 民主测评, third_party 第三方评估, public_topic 群众点题, inspection 上级督查,
-- self_check 自查自纠, other 其他.
CREATE TABLE rectification_items_new (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  problem TEXT NOT NULL,
  category TEXT NOT NULL REFERENCES item_categories (code),
  source TEXT NOT NULL CHECK (source IN ('symposium', 'online', 'visit', 'democratic_review', 'third_party', 'public_topic', 'inspection', 'self_check', 'other')),
  responsible_unit_id INTEGER REFERENCES units (id),
  -- The responsible leader (责任领导): a name and a post such as 党组成员、副局长.
  leader_name TEXT NOT NULL DEFAULT '' CHECK (length(leader_name) <= 50),
  leader_post TEXT NOT NULL DEFAULT '' CHECK (length(leader_post) <= 100),
  measures TEXT NOT NULL,
  -- Either a deadline or 长期坚持 (no end date), never both, never neither.
  deadline TEXT CHECK (deadline IS NULL OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  is_long_term INTEGER NOT NULL DEFAULT 0 CHECK (is_long_term IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'ongoing')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  completed_on TEXT CHECK (completed_on IS NULL OR completed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- 完成情况 / 整改进展: where the item stands, in the words of the ledger sheet.
  progress_summary TEXT NOT NULL DEFAULT '',
  is_published INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
  -- The opinion this item was made from (群众点题); that opinion's item_id points back here.
  source_feedback_id INTEGER UNIQUE REFERENCES feedback (id),
  sort_order INTEGER NOT NULL DEFAULT 0,
  -- Bumped by every change: an edit names the version it saw, so a stale one gets 409.
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((deadline IS NULL) = (is_long_term = 1)),
  CHECK (status <> 'completed' OR progress = 100),
  CHECK (completed_on IS NULL OR status = 'completed')
);

INSERT INTO rectification_items_new (id, code, title, problem, category, source, responsible_unit_id, leader_name, leader_post,
    measures, deadline, is_long_term, status, progress, completed_on, progress_summary, is_published, sort_order, version,
    created_at, updated_at)
  SELECT i.id, i.code, i.title, i.problem,
    coalesce((SELECT s.code FROM category_synonyms s WHERE s.word = trim(i.category)),
             (SELECT s.code FROM category_synonyms s WHERE s.word = substr(trim(i.category), 1, 20)), 'other'),
    CASE trim(i.source)
      WHEN '座谈交流' THEN 'symposium' WHEN '线上征集' THEN 'online' WHEN '走访调研' THEN 'visit'
      WHEN '民主测评' THEN 'democratic_review' WHEN '第三方评估' THEN 'third_party' WHEN '群众点题' THEN 'public_topic'
      WHEN '上级督查' THEN 'inspection' WHEN '巡察反馈' THEN 'inspection' WHEN '自查自纠' THEN 'self_check'
      ELSE 'other'
    END,
    i.responsible_unit_id,
    -- '党组成员、副局长 张某某': the post before the last space, the name after it.
    substr(CASE WHEN instr(trim(i.responsible_leader), ' ') > 0
      THEN replace(trim(i.responsible_leader), rtrim(trim(i.responsible_leader), replace(trim(i.responsible_leader), ' ', '')), '')
      ELSE trim(i.responsible_leader) END, 1, 50),
    substr(CASE WHEN instr(trim(i.responsible_leader), ' ') > 0
      THEN trim(rtrim(trim(i.responsible_leader), replace(trim(i.responsible_leader), ' ', '')))
      ELSE '' END, 1, 100),
    i.measures, i.deadline, CASE WHEN i.deadline IS NULL THEN 1 ELSE 0 END,
    i.status,
    CASE WHEN i.status = 'completed' THEN 100 ELSE i.progress END,
    CASE WHEN i.status = 'completed'
      THEN coalesce((SELECT max(u.happened_on) FROM item_updates u WHERE u.item_id = i.id), substr(i.updated_at, 1, 10)) END,
    i.outcomes, i.is_published, i.sort_order, 1, i.created_at, i.updated_at
  FROM rectification_items i;

DROP TABLE rectification_items;
ALTER TABLE rectification_items_new RENAME TO rectification_items;
CREATE INDEX rectification_items_unit ON rectification_items (responsible_unit_id);
CREATE INDEX rectification_items_published ON rectification_items (is_published, sort_order, code);
DROP TABLE category_synonyms;

-- A progress update records the item's status after it; who wrote it.
ALTER TABLE item_updates ADD COLUMN status_after TEXT
  CHECK (status_after IS NULL OR status_after IN ('not_started', 'in_progress', 'completed', 'ongoing'));
ALTER TABLE item_updates ADD COLUMN created_by INTEGER REFERENCES users (id);

-- Outcomes (制度成果): the policies and documents an item produced. Kinds: rule 制度, method 办法,
-- measure 措施, notice 通报, other 其他. Links are plain http(s) addresses only.
CREATE TABLE item_outcomes (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES rectification_items (id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('rule', 'method', 'measure', 'notice', 'other')),
  issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  url TEXT CHECK (url IS NULL OR (length(url) BETWEEN 8 AND 500 AND (url GLOB 'http://*' OR url GLOB 'https://*')
    AND url NOT GLOB '*[ "<>' || char(9) || char(10) || char(13) || ']*')),
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (item_id, title)
);
CREATE INDEX item_outcomes_issued ON item_outcomes (issued_on);

-- Outcomes were one text per item. Every document it names in 《》 becomes a row (the text itself
-- stays as the item's progress_summary), dated with the item's completion or last update.
WITH RECURSIVE named (item_id, rest, title) AS (
  SELECT id, progress_summary, NULL FROM rectification_items WHERE instr(progress_summary, '《') > 0
  UNION ALL
  SELECT item_id,
    substr(rest, instr(rest, '》') + 1),
    substr(rest, instr(rest, '《') + 1, instr(rest, '》') - instr(rest, '《') - 1)
  FROM named
  WHERE instr(rest, '《') > 0 AND instr(rest, '》') > instr(rest, '《')
)
INSERT INTO item_outcomes (item_id, title, kind, issued_on, created_at)
  SELECT n.item_id, substr(trim(n.title), 1, 200),
    CASE
      WHEN n.title LIKE '%办法%' THEN 'method'
      WHEN n.title LIKE '%通报%' THEN 'notice'
      WHEN n.title LIKE '%措施%' THEN 'measure'
      WHEN n.title LIKE '%制度%' OR n.title LIKE '%规定%' OR n.title LIKE '%细则%' OR n.title LIKE '%清单%' OR n.title LIKE '%规范%' THEN 'rule'
      ELSE 'other'
    END,
    coalesce(i.completed_on, (SELECT max(u.happened_on) FROM item_updates u WHERE u.item_id = i.id), substr(i.updated_at, 1, 10)),
    i.updated_at
  FROM named n JOIN rectification_items i ON i.id = n.item_id
  WHERE n.title IS NOT NULL AND length(trim(n.title)) > 0
  ON CONFLICT (item_id, title) DO NOTHING;

-- Every change of an item is a version: the whole item after the change (`data`, the JSON shape of
-- server/domain/ledger-rules.ts ItemState) and what changed (`changes`, [{ field, from, to }]).
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES rectification_items (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'progress', 'outcome', 'publish', 'withdraw', 'import', 'from_feedback', 'migrate')),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  data TEXT NOT NULL CHECK (json_valid(data)),
  changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes) AND json_type(changes) = 'array'),
  note TEXT,
  at TEXT NOT NULL,
  UNIQUE (item_id, version)
);

-- The items already stored start their history here.
INSERT INTO item_versions (item_id, version, action, actor_kind, data, at)
  SELECT i.id, 1, 'migrate', 'system',
    json_object('code', i.code, 'title', i.title, 'problem', i.problem, 'category', i.category, 'source', i.source,
      'unitId', i.responsible_unit_id, 'leaderName', i.leader_name, 'leaderPost', i.leader_post, 'measures', i.measures,
      'deadline', i.deadline, 'status', i.status, 'progress', i.progress, 'completedOn', i.completed_on,
      'progressSummary', i.progress_summary, 'isPublished', json(CASE WHEN i.is_published = 1 THEN 'true' ELSE 'false' END)),
    i.updated_at
  FROM rectification_items i;
