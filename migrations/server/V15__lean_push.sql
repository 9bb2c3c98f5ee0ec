-- A push writes less per record (issue 11: the year's first push). Every row a push inserts into
-- the bulk tables below paid for indexes nothing reads and for foreign-key checks of a store id
-- that is always the pushing device's own (read from its token, under the store's lock).

-- Read by nothing: facts are looked up by id (primary key) or by device and sequence; the ledger
-- by id, and summed in stock_balances.
DROP INDEX IF EXISTS facts_store;
DROP INDEX IF EXISTS stock_ledger_product;

-- What an edit's author had seen is read for entities only (version 1 and up); a fact's change
-- (version 0) need not be indexed by entity.
CREATE INDEX changes_entity_versions ON changes (store_id, kind, entity_id, seq) WHERE version > 0;
DROP INDEX IF EXISTS changes_entity;

-- The append-only tables a push fills are written only by the push (and the shop's orders), with
-- the store and device of an authenticated token: the per-row checks against stores and devices
-- cost a fifth of a push and guard nothing the code does not.
ALTER TABLE facts DROP CONSTRAINT IF EXISTS facts_store_id_fkey;
ALTER TABLE facts DROP CONSTRAINT IF EXISTS facts_device_id_fkey;
ALTER TABLE push_outcomes DROP CONSTRAINT IF EXISTS push_outcomes_device_id_fkey;
ALTER TABLE changes DROP CONSTRAINT IF EXISTS changes_store_id_fkey;
ALTER TABLE stock_ledger DROP CONSTRAINT IF EXISTS stock_ledger_store_id_fkey;
ALTER TABLE stock_balances DROP CONSTRAINT IF EXISTS stock_balances_store_id_fkey;
ALTER TABLE sales DROP CONSTRAINT IF EXISTS sales_store_id_fkey;
ALTER TABLE sale_lines DROP CONSTRAINT IF EXISTS sale_lines_store_id_fkey;

-- An applied fact's answer is the fact itself (device, sequence and hash are in `facts`): only the
-- other answers (entities, duplicates, conflicts, set aside) are kept in push_outcomes.
DELETE FROM push_outcomes o USING facts f WHERE f.device_id = o.device_id AND f.seq = o.seq;

-- A merged entity whose state is exactly what its device sent: that device has it already, and
-- its own pull leaves it out (as it leaves out its own facts).
ALTER TABLE changes ADD COLUMN echo boolean NOT NULL DEFAULT false;

-- Payloads are kept as the JSON text they came as (json), not taken apart into jsonb: the server
-- reads inside them only with a few `->>`, and parsing every pushed record into jsonb, then
-- printing it again for every pull, was the largest part of the database's work on sync.
ALTER TABLE facts ALTER COLUMN payload TYPE json USING payload::json;
ALTER TABLE changes ALTER COLUMN payload TYPE json USING payload::json;
-- An entity's state is read whole by the merge (and with `->>` by the shop): the same holds.
ALTER TABLE entities ALTER COLUMN state TYPE json USING state::json;
ALTER TABLE entities ALTER COLUMN field_versions TYPE json USING field_versions::json;

-- The shop's catalogue row of a product is written after the push that merged it commits (off the
-- store's lock), with the entity's version: a later version never gives way to an earlier one,
-- and rows behind their entity (a crash between the two commits) are caught up by the shop's sweep.
ALTER TABLE shop_products ADD COLUMN version bigint NOT NULL DEFAULT 0;
UPDATE shop_products s SET version = e.version
FROM entities e WHERE e.store_id = s.store_id AND e.kind = 'product' AND e.id = s.id;
