-- Indexes for the buyer and supplier pages, found slow with 32 clients at once over a million
-- processes (BenchmarkProcurementPages; EXPLAIN ANALYZE in docs/procurement.md).
--
-- A buyer's page groups all of the buyer's processes and awards, a hundred thousand rows for the
-- busiest buyers: it read each from the table, scattered over as many pages. The buyer indexes now
-- hold every column that grouping reads, so it reads the index alone (an index-only scan, where
-- VACUUM has marked the table's pages all-visible, as autovacuum does soon after an import). The
-- keys stay as they were, for the search by buyer.
DROP INDEX procurement_processes_buyer;
CREATE INDEX procurement_processes_buyer ON procurement_processes (buyer_id, process_date DESC)
    INCLUDE (award_value, award_currency, number_of_tenderers, procurement_method);

DROP INDEX procurement_awards_buyer;
CREATE INDEX procurement_awards_buyer ON procurement_awards (buyer_id, supplier_id)
    INCLUDE (currency, value, supplier_count, status, ocid, award_id);

-- A supplier's page lists its latest awards by date DESC NULLS LAST, which the old index (date DESC,
-- that is NULLS FIRST) could not give: every award of the supplier was sorted, or the whole table
-- scanned. This one gives them in the page's order.
DROP INDEX procurement_awards_supplier;
CREATE INDEX procurement_awards_supplier ON procurement_awards
    (supplier_id, date DESC NULLS LAST, ocid DESC, award_id DESC);
