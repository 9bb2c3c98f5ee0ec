-- The online shop's own front (crate pos-shop): the catalogue as customers see it, kept by every
-- product merge beside `products`; visitors' carts; stock held for a checkout until it is paid or
-- its hold runs out; and the payments the gateways reported.

CREATE TABLE shop_products (
    store_id    uuid    NOT NULL REFERENCES stores (id),
    id          text    NOT NULL,
    sku         text    NOT NULL,
    name        text    NOT NULL,
    brand       text    NOT NULL DEFAULT '',
    model       text    NOT NULL DEFAULT '',
    category_id text    NOT NULL,
    price       bigint  NOT NULL CHECK (price >= 0),
    active      boolean NOT NULL,
    featured    boolean NOT NULL DEFAULT false,
    weight_g    bigint  NOT NULL DEFAULT 0,
    length_mm   bigint  NOT NULL DEFAULT 0,
    width_mm    bigint  NOT NULL DEFAULT 0,
    height_mm   bigint  NOT NULL DEFAULT 0,
    -- Units held by unpaid checkouts (shop_holds), changed only under this row's lock.
    held        bigint  NOT NULL DEFAULT 0 CHECK (held >= 0),
    -- Units sold in all, at every till and online: "best selling" (refreshed by the shop now and
    -- then from sale_lines, never on the push's path).
    sold        bigint  NOT NULL DEFAULT 0,
    -- Word prefixes ("strat" finds Stratocaster) and Indonesian stems ("gitarnya" finds "gitar");
    -- a typo is corrected against the words of the catalogue (ts_stat) before searching.
    words       tsvector GENERATED ALWAYS AS
                    (to_tsvector('simple'::regconfig, name || ' ' || brand || ' ' || model || ' ' || sku)) STORED,
    stems       tsvector GENERATED ALWAYS AS
                    (to_tsvector('indonesian'::regconfig, name || ' ' || brand || ' ' || model)) STORED,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX shop_products_words ON shop_products USING gin (words);
CREATE INDEX shop_products_stems ON shop_products USING gin (stems);
CREATE INDEX shop_products_category ON shop_products (store_id, category_id, price);
CREATE INDEX shop_products_price ON shop_products (store_id, price);
CREATE INDEX shop_products_brand ON shop_products (store_id, brand, price);
CREATE INDEX shop_products_sold ON shop_products (store_id, sold DESC);
-- Newest first is by id: product ids are UUIDv7, made when the product was.

INSERT INTO shop_products (store_id, id, sku, name, brand, model, category_id, price, active, featured,
                           weight_g, length_mm, width_mm, height_mm)
SELECT store_id, id, coalesce(state ->> 'sku', ''), coalesce(state ->> 'name', ''),
       coalesce(state ->> 'brand', ''), coalesce(state ->> 'model', ''),
       coalesce(state ->> 'category_id', ''), coalesce((state ->> 'price')::bigint, 0),
       coalesce((state ->> 'active')::boolean, true), coalesce((state ->> 'featured')::boolean, false),
       coalesce((state ->> 'weight_g')::bigint, 0), coalesce((state ->> 'length_mm')::bigint, 0),
       coalesce((state ->> 'width_mm')::bigint, 0), coalesce((state ->> 'height_mm')::bigint, 0)
FROM entities WHERE kind = 'product';

-- The words of each store's catalogue (letters only, three or more), for correcting a customer's
-- typo before searching; rebuilt now and then by the shop from the products' words.
CREATE TABLE shop_vocabulary (
    store_id uuid NOT NULL REFERENCES stores (id),
    word     text NOT NULL,
    PRIMARY KEY (store_id, word)
);

-- Which store a shop address serves (a deployment with one store serves it at any address).
CREATE TABLE shop_sites (
    host     text PRIMARY KEY,
    store_id uuid NOT NULL REFERENCES stores (id)
);

-- A visitor's cart, found by the hash of its cookie; kept on the server so it survives a closed
-- browser.
CREATE TABLE shop_carts (
    id         uuid        PRIMARY KEY,
    store_id   uuid        NOT NULL REFERENCES stores (id),
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shop_cart_lines (
    cart_id    uuid   NOT NULL REFERENCES shop_carts (id) ON DELETE CASCADE,
    product_id text   NOT NULL,
    quantity   bigint NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cart_id, product_id)
);

-- A checkout: the order it made (the same order the shop API makes), the cart it came from, its
-- hold on the stock and the customer's way back to it (the hash of the link's secret).
CREATE TABLE shop_checkouts (
    id           uuid        PRIMARY KEY,
    store_id     uuid        NOT NULL REFERENCES stores (id),
    order_id     text        NOT NULL,
    order_no     text        NOT NULL,
    cart_id      uuid        REFERENCES shop_carts (id) ON DELETE SET NULL,
    access_hash  bytea       NOT NULL UNIQUE,
    total        bigint      NOT NULL CHECK (total > 0),
    gateway      text        NOT NULL CHECK (gateway IN ('midtrans', 'stripe')),
    -- What the gateway gave for paying: Snap's redirect_url or Checkout's url, and its reference.
    pay_url      text,
    gateway_ref  text,
    hold_until   timestamptz NOT NULL,
    -- 'held' until paid, 'released' when the hold ran out or the order was cancelled.
    hold_state   text        NOT NULL DEFAULT 'held' CHECK (hold_state IN ('held', 'paid', 'released')),
    -- The last status a gateway reported and how far it has come (a status never moves back).
    pay_status   text        NOT NULL DEFAULT 'pending',
    pay_rank     int         NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, order_id)
);
CREATE INDEX shop_checkouts_hold ON shop_checkouts (hold_until) WHERE hold_state = 'held';
-- Midtrans names the order number only.
CREATE INDEX shop_checkouts_order_no ON shop_checkouts (order_no);

-- The units each checkout holds (their sum per product is shop_products.held).
CREATE TABLE shop_holds (
    checkout_id uuid   NOT NULL REFERENCES shop_checkouts (id),
    store_id    uuid   NOT NULL,
    product_id  text   NOT NULL,
    quantity    bigint NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (checkout_id, product_id)
);

-- Every notification a gateway sent, verified, once per event (a repeat changes nothing).
CREATE TABLE shop_payment_events (
    gateway     text        NOT NULL,
    event_key   text        NOT NULL,
    checkout_id uuid        NOT NULL REFERENCES shop_checkouts (id),
    status      text        NOT NULL,
    amount      bigint      NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (gateway, event_key)
);

-- A customer's order page shows where the parcel is: the order's steps, found by order.
CREATE INDEX facts_order_steps ON facts (store_id, (payload ->> 'order_id'), received_at)
    WHERE kind = 'order_event';

-- What the owner must act on about an online payment (paid after the stock was sold, an amount
-- that is not the order's, refunded at the gateway): in the review list with the rest.
ALTER TABLE sync_issues DROP CONSTRAINT sync_issues_issue_check;
ALTER TABLE sync_issues ADD CONSTRAINT sync_issues_issue_check
    CHECK (issue IN ('set_aside', 'conflict', 'overwrite', 'oversold', 'payment'));
