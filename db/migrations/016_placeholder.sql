-- Placeholder so that this branch's migration 017 applies (migrations are numbered without gaps).
-- Migration 016 belongs to the screens branch (016_unit_scope_and_counters.sql): when merging, delete this file and keep theirs.
SELECT 1;
