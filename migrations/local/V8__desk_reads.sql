-- The owner's desk lists every branch the file holds stock for: with this index that is a few
-- steps down a b-tree per branch (a skip scan), not a read of every product's stock row.
CREATE INDEX stock_levels_branch ON stock_levels (branch);

-- Low and oversold stock on the dashboard: the partial indexes carry the alert level too, so the
-- ten worst and their count come from the index alone (no look-up of each row in the table).
DROP INDEX stock_levels_low;
CREATE INDEX stock_levels_low ON stock_levels (branch, on_hand, alert_at) WHERE alert_at > 0 AND on_hand >= 0 AND on_hand <= alert_at;
DROP INDEX stock_levels_negative;
CREATE INDEX stock_levels_negative ON stock_levels (branch, on_hand, alert_at) WHERE on_hand < 0;
