-- Placeholder on the parent-start branch only: number 013 belongs to the clerk branch. The migrator
-- wants no gaps, so 014 needs something at 013 here; the lead keeps the real 013 at merge.
SELECT 1;
