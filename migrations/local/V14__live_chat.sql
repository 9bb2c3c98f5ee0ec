-- The live chat at the terminal: customers' conversations as the server numbers them (each
-- message's `seq` in its conversation; staff's own messages get theirs when the server has them),
-- who wrote each (a customer, staff, or staff's internal note), an attached product, and what
-- this terminal's staff have read and marked resolved, and who the conversation is assigned to.

CREATE TABLE chat_conversations (
    id       TEXT    PRIMARY KEY,
    customer TEXT    NOT NULL DEFAULT '',
    contact  TEXT    NOT NULL DEFAULT '',
    -- Marked done by staff; a new message from the customer opens it again.
    resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    -- The staff member answering it (their name, as every terminal shows it); '' for nobody.
    assigned_to TEXT NOT NULL DEFAULT '',
    read_seq INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,
    last_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO chat_conversations (id, last_at)
SELECT conversation_id, max(at) FROM chat_messages GROUP BY conversation_id;

ALTER TABLE chat_messages ADD COLUMN seq INTEGER;
ALTER TABLE chat_messages ADD COLUMN sender TEXT NOT NULL DEFAULT 'staff'
    CHECK (sender IN ('customer', 'staff', 'note'));
ALTER TABLE chat_messages ADD COLUMN product_id TEXT;
-- A customer's picture: a blob this terminal fetches like a product photo.
ALTER TABLE chat_messages ADD COLUMN attachment TEXT;
CREATE INDEX chat_messages_seq ON chat_messages (conversation_id, seq);

-- Still append-only, but a message learns its number from the server.
DROP TRIGGER chat_messages_append_only_u;
CREATE TRIGGER chat_messages_append_only_u
BEFORE UPDATE OF id, conversation_id, author, body, at, sender, product_id, attachment ON chat_messages
BEGIN SELECT RAISE(ABORT, 'chat messages are append-only'); END;
