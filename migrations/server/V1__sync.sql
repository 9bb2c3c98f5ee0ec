-- The hosted sync server: stores, branches, owner accounts, devices, what they pushed, and the
-- per-store change log terminals pull from. Secrets are stored as hashes only.

CREATE TABLE stores (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    -- The last position of this store's change log. Updated under this row's lock in the same
    -- transaction that writes the log rows, so positions become visible in order (no reader skips).
    change_seq  bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
    id              uuid        PRIMARY KEY,
    store_id        uuid        NOT NULL REFERENCES stores (id),
    email           text        NOT NULL UNIQUE,
    password_hash   text        NOT NULL,
    failed_attempts int         NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE owner_sessions (
    token_hash  bytea       PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id),
    expires_at  timestamptz NOT NULL
);

CREATE TABLE branches (
    id            uuid    PRIMARY KEY,
    store_id      uuid    NOT NULL REFERENCES stores (id),
    code          text    NOT NULL,
    name          text    NOT NULL,
    next_terminal int     NOT NULL DEFAULT 1,
    UNIQUE (store_id, code)
);

CREATE TABLE enrolment_codes (
    code_hash   bytea       PRIMARY KEY,
    store_id    uuid        NOT NULL REFERENCES stores (id),
    branch_id   uuid        NOT NULL REFERENCES branches (id),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
    id           uuid        PRIMARY KEY,
    store_id     uuid        NOT NULL REFERENCES stores (id),
    branch_id    uuid        NOT NULL REFERENCES branches (id),
    name         text        NOT NULL,
    terminal     text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    -- The highest outbox sequence received from this device (all below it are held too).
    last_seq     bigint      NOT NULL DEFAULT 0,
    revoked_at   timestamptz,
    last_seen_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (branch_id, terminal)
);

-- The answer given for each pushed record, so a retry gets the identical answer.
CREATE TABLE push_outcomes (
    device_id    uuid   NOT NULL REFERENCES devices (id),
    seq          bigint NOT NULL,
    kind         text   NOT NULL,
    record_id    text   NOT NULL,
    payload_hash bytea  NOT NULL,
    status       text   NOT NULL CHECK (status IN ('applied', 'duplicate', 'conflict', 'set_aside')),
    reason       text,
    PRIMARY KEY (device_id, seq)
);

-- Append-only facts (sales, returns, movements, shifts, cash, audit, chat), once per kind and id.
CREATE TABLE facts (
    kind         text        NOT NULL,
    id           text        NOT NULL,
    store_id     uuid        NOT NULL REFERENCES stores (id),
    device_id    uuid        NOT NULL REFERENCES devices (id),
    seq          bigint      NOT NULL,
    payload      jsonb       NOT NULL,
    payload_hash bytea       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);
CREATE INDEX facts_store ON facts (store_id, kind);

-- Reference data merged field by field; the server's order decides, every overwrite is recorded.
CREATE TABLE entities (
    store_id       uuid   NOT NULL REFERENCES stores (id),
    kind           text   NOT NULL,
    id             text   NOT NULL,
    version        bigint NOT NULL,
    state          jsonb  NOT NULL,
    -- field -> [version that last wrote it, device that wrote it]
    field_versions jsonb  NOT NULL,
    PRIMARY KEY (store_id, kind, id)
);

-- The stock ledger of every branch: sale lines, return lines and movements, each once.
CREATE TABLE stock_ledger (
    id         text   PRIMARY KEY,
    store_id   uuid   NOT NULL REFERENCES stores (id),
    product_id text   NOT NULL,
    branch     text   NOT NULL,
    quantity   bigint NOT NULL,
    reason     text   NOT NULL,
    fact_id    text   NOT NULL
);
CREATE INDEX stock_ledger_product ON stock_ledger (store_id, product_id, branch);

-- The ledger's sum per product and branch, kept in the same transaction (under the store lock).
CREATE TABLE stock_balances (
    store_id   uuid   NOT NULL REFERENCES stores (id),
    product_id text   NOT NULL,
    branch     text   NOT NULL,
    on_hand    bigint NOT NULL,
    PRIMARY KEY (store_id, product_id, branch)
);

CREATE TABLE chat_messages (
    id              text        PRIMARY KEY,
    store_id        uuid        NOT NULL REFERENCES stores (id),
    conversation_id text        NOT NULL,
    -- Order within the conversation, assigned under the store lock.
    position        bigint      NOT NULL,
    author          text        NOT NULL,
    body            text        NOT NULL,
    at              bigint      NOT NULL,
    UNIQUE (store_id, conversation_id, position)
);

-- Records that failed validation or authorisation, or conflicted: what the owner reviews.
CREATE TABLE sync_issues (
    id         uuid        PRIMARY KEY,
    store_id   uuid        NOT NULL REFERENCES stores (id),
    device_id  uuid        REFERENCES devices (id),
    seq        bigint,
    issue      text        NOT NULL CHECK (issue IN ('set_aside', 'conflict', 'overwrite', 'oversold')),
    kind       text        NOT NULL,
    record_id  text        NOT NULL,
    reason     text        NOT NULL,
    payload    jsonb,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_issues_store ON sync_issues (store_id, at);

-- What terminals pull: every applied fact, every merged entity state, every server finding.
CREATE TABLE changes (
    store_id      uuid   NOT NULL REFERENCES stores (id),
    seq           bigint NOT NULL,
    kind          text   NOT NULL,
    entity_id     text   NOT NULL,
    origin_device uuid,
    version       bigint NOT NULL DEFAULT 0,
    payload       jsonb  NOT NULL,
    PRIMARY KEY (store_id, seq)
);
