-- The discounts report reads one row per discounted sale (a tenth of a year's sales), not a
-- grouping of every sale line of the range: written with the sale's report rows, in the same
-- transaction, rebuildable like them. Day first, so a month or a year is one range.
CREATE TABLE report_discounts (
    day        INTEGER NOT NULL,
    doc_id     TEXT    NOT NULL,  -- the sale
    branch     TEXT    NOT NULL,
    receipt_no TEXT    NOT NULL,
    cashier_id TEXT,
    gross      INTEGER NOT NULL,  -- the whole sale at list price, before discounts
    discount   INTEGER NOT NULL,  -- list price − net over its lines (never 0 here)
    PRIMARY KEY (day, doc_id)
) WITHOUT ROWID;

INSERT INTO report_discounts (day, doc_id, branch, receipt_no, cashier_id, gross, discount)
SELECT d.day, d.doc_id, s.branch, s.receipt_no, s.cashier_id, d.gross, d.discount
FROM (SELECT doc_id, min(day) AS day, sum(gross) AS gross, sum(discount) AS discount
      FROM report_lines WHERE kind = 'sale' GROUP BY doc_id HAVING sum(discount) <> 0) d
JOIN sales s ON s.id = d.doc_id;

-- What the reports need of every product, in id order, from the index alone: the category a
-- product's sales fold into, and the cost and activity of stock on hand (slow movers).
CREATE INDEX products_report ON products (id, category_id, active, cost);

-- Approvals of a sale, looked up per discounted sale by the discounts report.
CREATE INDEX sale_approvals_sale ON sale_approvals (sale_id);
