-- Placeholder on the public-daily branch only: number 011 belongs to the scale-queries branch.
-- Migrations must be numbered without gaps, so this keeps 012 applicable here. DELETE THIS FILE
-- when merging (scale-queries brings the real 011).
SELECT 1;
