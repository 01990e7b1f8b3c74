-- Placeholder on the parent-start branch only: number 012 belongs to the public-daily branch. The migrator
-- wants no gaps, so 014 needs something at 012 here; the lead keeps the real 012 at merge.
SELECT 1;
