-- Whether the online shop offers the product (the owner's choice per product; every product was
-- online before).
ALTER TABLE products ADD COLUMN online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1));
