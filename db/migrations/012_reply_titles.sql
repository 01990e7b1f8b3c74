-- 留言选登: each published opinion has a title the 办公室 sets when publishing it (prefilled from
-- the submitter's own title, redacted like the rest of the published text). The card heading and
-- the page title on the site. Rows published before this migration have none: the site derives a
-- heading from their redacted text without cutting through a mask.
ALTER TABLE feedback ADD COLUMN public_title TEXT CHECK (public_title IS NULL OR length(public_title) BETWEEN 1 AND 100);
