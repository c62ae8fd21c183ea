// Package holders reads what a buyer's or a supplier's page shows, its figures (package store) and
// its red flags (package flags), and keeps them computed ahead.
//
// Computing a buyer's figures groups all of its processes and awards, a hundred thousand rows for
// the busiest buyers of a million processes: far too slow for a page under load. Refresh, run after
// each recomputation of the flags, computes every buyer's and supplier's figures with the very same
// functions, and stores them with the run (migration 018). Buyer and Supplier read them while they
// are current, and otherwise compute them on the spot:
//   - they belong to the latest succeeded recomputation of the flags, whose flags the page shows;
//   - the refresh has finished;
//   - its snapshot, taken before it computed anything, sees every transaction that has written
//     processes since (store logs each in procurement_changes): an import committed during or after
//     a refresh makes the figures out of date at once, never for a while.
//
// So a page shows the same whether its figures were stored or computed; only the time differs.
package holders
