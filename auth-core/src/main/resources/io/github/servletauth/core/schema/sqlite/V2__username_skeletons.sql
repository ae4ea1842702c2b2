-- servlet-auth schema version 2 (SQLite): the Unicode UTS #39 skeleton of every username key, unique, so
-- that a name which only looks like a taken one (paypal with a Latin alpha, an all-Cyrillic twin) is refused.
-- Applied by the library at start-up unless auth.db.migrate=false; then apply it yourself and record it with:
-- INSERT INTO auth_schema_version VALUES (2, <epoch millis>). SQL cannot compute skeletons: at every start-up
-- the library fills them in for accounts that have none (also with auth.db.migrate=false).

ALTER TABLE auth_accounts ADD COLUMN username_skeleton TEXT;

-- NULLs never collide: an existing account whose name is confusable with an earlier account's keeps none
CREATE UNIQUE INDEX auth_accounts_username_skeleton ON auth_accounts (username_skeleton);
