-- Placeholder so that this branch's migration 016 applies (migrations are numbered without gaps).
-- Migration 015 belongs to the statistics branch: when merging, delete this file and keep theirs.
SELECT 1;
