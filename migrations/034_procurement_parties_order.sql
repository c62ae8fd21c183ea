-- The name lookup (store.FindParties) returns a few holders in the order a reader expects: the
-- names that are the text, those that start with it, then the shorter names. A two-character text
-- matches most supplier names, and sorting them all cost most of a lookup. In the length index the
-- names are walked from the shortest and the walk stops when enough holders are found; it holds
-- name_key, so that the walk tests each name without reading the table. The prefix index reads the
-- names that are, or start with, the text: text_pattern_ops, because LIKE 'x%' can use a btree only
-- in byte order, which the database's collation need not be.
CREATE INDEX procurement_parties_length ON procurement_parties (role, length(name), name, id) INCLUDE (name_key);
CREATE INDEX procurement_parties_prefix ON procurement_parties (role, name_key text_pattern_ops);
