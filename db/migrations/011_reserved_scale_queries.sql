-- Placeholder on the parent-start branch only: number 011 belongs to the scale-queries branch. The migrator
-- wants no gaps, so 014 needs something at 011 here; the lead keeps the real 011 at merge.
SELECT 1;
