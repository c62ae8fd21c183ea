-- A supplier's co-bidders are read by process from procurement_bidders (store.Rivals). With only the
-- process in the index, PostgreSQL preferred hashing the whole table for a busy supplier (22 s at a
-- million processes, BenchmarkProcurementPages); with the bidder's id, name and outcome beside it,
-- each process is one index-only probe (4 s for the busiest supplier's 17,036 bids, milliseconds for
-- most suppliers).
CREATE INDEX IF NOT EXISTS procurement_bidders_ocid_with ON procurement_bidders (ocid) INCLUDE (id, name, won);
DROP INDEX IF EXISTS procurement_bidders_ocid;
