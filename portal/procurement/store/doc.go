// Package store keeps the city's procurement data, OCDS 1.1 releases, in PostgreSQL, and searches it.
//
// Save receives releases from imports, keeps every one of them in procurement_releases, and
// recompiles each affected contracting process with ocds.Merge into procurement_processes: the
// compiled release as JSONB, with the columns that pages filter, sort and search on (buyer 機關代碼,
// supplier 統一編號, method, category, values, dates, number of tenderers), and one row per award and
// supplier in procurement_awards. Search pages through processes by Chinese substring and filters,
// and Export streams the same results for a download. Tender, Supplier and Buyer read what their
// pages show, each in a few statements.
// SaveBulk does what Save does faster for large imports, with COPY, and Loader streams any number of
// releases through it in one transaction.
//
// Invariants:
//   - A process row is the merge of all stored releases of its ocid, and its columns and award rows
//     are derived from that compiled release alone; only Save and SaveBulk write them, in the
//     caller's transaction, so a reader sees a process and its awards from the same import.
//   - SaveBulk leaves exactly the rows Save would leave, and returns the same counts.
//   - Saving the same releases again changes nothing: no row, no updated_at, no count.
//   - Concurrent saves of one ocid serialize: Save on a transaction-scoped advisory lock per ocid,
//     SaveBulk on a lock of procurement_releases against all other writers (a transaction of a
//     million ocids would overflow PostgreSQL's lock table with per-ocid locks).
//   - Search results always contain the keyword (after normalisation: full-width to ASCII, lower
//     case, 台 as 臺) as a substring of the title or of the buyer name: the bigram index only narrows,
//     strpos confirms. The same normalisation builds the index and reads the keyword (Bigrams).
//   - Search fetches the page LIMIT-first and counts at most CountCap matches, so no keyword, however
//     common, costs a full count.
package store
