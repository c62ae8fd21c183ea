-- The names of buyers and suppliers, for the tender search's name lookup: a reader types part of an
-- agency's or a firm's name (or its code) and picks it from the matches, instead of knowing its
-- 機關代碼 or 統一編號. A million processes name a few thousand buyers and suppliers, so the lookup
-- reads this small table, not the processes and awards that repeat each name thousands of times.
--
-- Every (id, name) pair ever stored is kept, so a former name still finds its holder. Rows are added
-- by the triggers below whenever processes or awards are written, by whichever path (store.Save,
-- SaveBulk, Copy), with one statement per written batch; nothing deletes them, so the lookup keeps
-- only the holders that still have a process or an award.
--
-- name_key is the name folded as the search folds text: full-width letters and digits as ASCII
-- (NFKC), lower case, 台 as 臺. The trigram index answers LIKE '%…%' on it for three characters or
-- more; a shorter name is found by reading the table, which is small.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE procurement_parties (
    role     text NOT NULL CHECK (role IN ('buyer', 'supplier')),
    id       text NOT NULL,
    name     text NOT NULL,
    name_key text NOT NULL GENERATED ALWAYS AS (lower(replace(normalize(name, NFKC), '台', '臺'))) STORED,
    PRIMARY KEY (role, id, name)
);
CREATE INDEX procurement_parties_name ON procurement_parties USING gin (name_key gin_trgm_ops);

CREATE FUNCTION procurement_parties_of_processes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO procurement_parties (role, id, name)
    SELECT DISTINCT 'buyer', buyer_id, buyer_name FROM written WHERE buyer_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE FUNCTION procurement_parties_of_awards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO procurement_parties (role, id, name)
    SELECT DISTINCT 'supplier', supplier_id, supplier_name FROM written WHERE supplier_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

-- A trigger with a transition table has one event, so inserts and updates have one each.
CREATE TRIGGER procurement_parties_inserted AFTER INSERT ON procurement_processes
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION procurement_parties_of_processes();
CREATE TRIGGER procurement_parties_updated AFTER UPDATE ON procurement_processes
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION procurement_parties_of_processes();
CREATE TRIGGER procurement_parties_inserted AFTER INSERT ON procurement_awards
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION procurement_parties_of_awards();
CREATE TRIGGER procurement_parties_updated AFTER UPDATE ON procurement_awards
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION procurement_parties_of_awards();

INSERT INTO procurement_parties (role, id, name)
SELECT DISTINCT 'buyer', buyer_id, buyer_name FROM procurement_processes WHERE buyer_id IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO procurement_parties (role, id, name)
SELECT DISTINCT 'supplier', supplier_id, supplier_name FROM procurement_awards WHERE supplier_id IS NOT NULL
ON CONFLICT DO NOTHING;
