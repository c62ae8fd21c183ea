// Package flags keeps the procurement red flags: it recomputes them over every stored process,
// stores them, and answers the questions pages ask (the flags of a process, of a buyer, of a
// supplier; how many of each; when they were computed). It also holds the indicator catalogue,
// whose message keys explain each flag to a citizen, and the Taiwan-calibrated default settings.
//
// The cardinal-compatible indicators (R003 … R058) come from package indicators, run over the
// compiled releases of procurement_processes. Two more are computed here, in SQL, per buyer and
// year from procurement_awards: R040, the top supplier's share of value and of count, and R051,
// the Herfindahl–Hirschman index of suppliers' value shares. Both are published with their
// denominators (awards, suppliers), never alone, and raise no flag: they are measures to read.
//
// Invariants:
//   - Pages never compute indicators: they read what the last Recompute stored.
//   - Recompute replaces procurement_flags and procurement_concentration whole, in one
//     transaction, so a reader sees the previous set or the new one, never a mix; a failed run
//     leaves the previous set in place.
//   - Two recomputations never overlap: each holds a transaction-level advisory lock.
//   - Releases are streamed from the database into the indicators, never held in memory at once.
//   - The latest succeeded run in procurement_flag_runs describes the stored flags: its settings,
//     its counts, when it finished.
package flags
