-- The owner's desk lists every branch the file holds stock for: with this index that is a few
-- steps down a b-tree per branch (a skip scan), not a read of every product's stock row.
CREATE INDEX stock_levels_branch ON stock_levels (branch);
