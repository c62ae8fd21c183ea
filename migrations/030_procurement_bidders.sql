-- The bidders of each process, from its published bidder list (compiled tender/tenderers), for a
-- supplier's page: its win rate, the tenders it bid in and lost, and the bidders it met. Reading
-- them out of every process's compiled release took seconds per page under load
-- (BenchmarkProcurementPages); this narrow table answers by the bidder's id, then by the process.
--
-- It is kept by triggers, as procurement_parties is (migration 025), rather than computed ahead by
-- the red-flags job: every path that writes processes (store.Save, SaveBulk, CopyCompiled, the
-- loader) goes through them, so a page is right and fast at once after any import, and for suppliers
-- that only ever bid, whose pages the job does not compute.
--
-- One row per process and bidder object with an id in the list, and per name given to it (''
-- without one). The id is read as text, numbers too, as the award suppliers' ids are. Whether the
-- bidder won comes from the process's supplier_ids, written in the same row, so that a page counts
-- without reading the processes.
CREATE TABLE procurement_bidders (
    id      text NOT NULL,
    ocid    text NOT NULL,
    name    text NOT NULL,
    won     boolean NOT NULL, -- the process's counted awards name it
    awarded boolean NOT NULL, -- the process has a counted award
    PRIMARY KEY (id, ocid, name) INCLUDE (won, awarded)
);
CREATE INDEX procurement_bidders_ocid ON procurement_bidders (ocid);

CREATE FUNCTION procurement_bidders_of_processes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM procurement_bidders WHERE ocid IN (SELECT ocid FROM gone);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO procurement_bidders (id, ocid, name, won, awarded)
        SELECT DISTINCT t ->> 'id', w.ocid, COALESCE(t ->> 'name', ''), w.supplier_ids @> ARRAY[t ->> 'id'],
            cardinality(w.supplier_ids) > 0
        FROM written w, jsonb_array_elements(CASE jsonb_typeof(w.compiled -> 'tender' -> 'tenderers')
            WHEN 'array' THEN w.compiled -> 'tender' -> 'tenderers' ELSE '[]' END) AS t
        WHERE jsonb_typeof(t) = 'object' AND t ->> 'id' IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER procurement_bidders_inserted AFTER INSERT ON procurement_processes
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION procurement_bidders_of_processes();
CREATE TRIGGER procurement_bidders_updated AFTER UPDATE ON procurement_processes
    REFERENCING OLD TABLE AS gone NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION procurement_bidders_of_processes();
CREATE TRIGGER procurement_bidders_deleted AFTER DELETE ON procurement_processes
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION procurement_bidders_of_processes();

INSERT INTO procurement_bidders (id, ocid, name, won, awarded)
SELECT DISTINCT t ->> 'id', p.ocid, COALESCE(t ->> 'name', ''), p.supplier_ids @> ARRAY[t ->> 'id'],
    cardinality(p.supplier_ids) > 0
FROM procurement_processes p, jsonb_array_elements(CASE jsonb_typeof(p.compiled -> 'tender' -> 'tenderers')
    WHEN 'array' THEN p.compiled -> 'tender' -> 'tenderers' ELSE '[]' END) AS t
WHERE jsonb_typeof(t) = 'object' AND t ->> 'id' IS NOT NULL;

-- The bidder lists are no longer searched in the compiled releases.
DROP INDEX procurement_processes_tenderers;
