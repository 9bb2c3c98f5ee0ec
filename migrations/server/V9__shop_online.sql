-- The owner's choice per product: whether the online shop offers it (on unless taken off; a
-- product merged before this had no such field and stays online).
ALTER TABLE shop_products ADD COLUMN online boolean NOT NULL DEFAULT true;
UPDATE shop_products p SET online = coalesce((e.state ->> 'online')::boolean, true)
FROM entities e WHERE e.store_id = p.store_id AND e.kind = 'product' AND e.id = p.id;
