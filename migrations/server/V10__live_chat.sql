-- Live chat between customers and the store. A conversation is a customer's (a guest known by
-- their browser's visitor cookie, or an account) or the staff's own; its messages are numbered
-- 1, 2, 3 … in the conversation (`position`, taken from `last_seq` under the conversation's row
-- lock), so a client resumes after the last number it saw with no gap and no duplicate. `feed`
-- orders every message of the store for terminals catching up. Each append is announced with
-- NOTIFY chat (ids only); every server instance LISTENs and its sockets re-read from here.

CREATE TABLE chat_conversations (
    id           text        PRIMARY KEY,
    store_id     uuid        NOT NULL REFERENCES stores (id),
    -- Who may read it: the browser (hash of its visitor cookie) and, once signed in, the account.
    visitor_hash bytea,
    customer_id  uuid        REFERENCES shop_customers (id) ON DELETE SET NULL,
    name         text        NOT NULL DEFAULT '',
    contact      text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting', 'resolved')),
    assigned_to  text,
    last_seq     bigint      NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_conversations_visitor ON chat_conversations (store_id, visitor_hash);
CREATE INDEX chat_conversations_customer ON chat_conversations (store_id, customer_id);

-- Conversations that staff started between terminals before this release.
INSERT INTO chat_conversations (id, store_id, last_seq)
SELECT conversation_id, store_id, max(position) FROM chat_messages GROUP BY conversation_id, store_id
ON CONFLICT (id) DO NOTHING;

ALTER TABLE chat_messages ADD COLUMN sender text NOT NULL DEFAULT 'staff'
    CHECK (sender IN ('customer', 'staff', 'note'));
ALTER TABLE chat_messages ADD COLUMN product_id text;
-- A customer's picture: the store's blob (a JPEG the server made from what was sent).
ALTER TABLE chat_messages ADD COLUMN attachment text;
ALTER TABLE chat_messages ADD COLUMN feed bigserial;
CREATE UNIQUE INDEX chat_messages_feed ON chat_messages (store_id, feed);

-- Which terminals have a chat socket open (on any instance): the widget's "we are online".
CREATE TABLE chat_presence (
    device_id uuid        PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    store_id  uuid        NOT NULL REFERENCES stores (id),
    seen_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_presence_store ON chat_presence (store_id, seen_at);
