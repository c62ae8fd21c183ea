-- Release documents (a few kilobytes each) are compressed when stored. PostgreSQL's default, pglz,
-- made compression the largest cost of a bulk import; lz4 is several times faster for about the
-- same size. It applies to rows written from now on; older rows stay readable as they are. A
-- server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE procurement_releases ALTER COLUMN release SET COMPRESSION lz4;
    ALTER TABLE procurement_processes ALTER COLUMN compiled SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'PostgreSQL has no lz4: release documents stay compressed with pglz';
END
$$;
