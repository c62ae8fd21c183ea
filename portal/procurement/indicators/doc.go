// Package indicators computes procurement red flags over OCDS compiled releases, compatible with
// the "indicators" command of cardinal (open-contracting/cardinal-rs): same definitions, exclusions,
// settings and output, checked against cardinal's own conformance suite.
//
// Invariants:
//   - Input is JSON Lines, one compiled release (contracting process) per line, read as a stream:
//     only the aggregates that dataset-wide fences need are kept, never the releases.
//   - An indicator runs only if its section is present in the Settings (as in cardinal); with no
//     settings nothing runs and the Result is empty.
//   - A release is skipped if /ocid is not a string, if /tender/status is "cancelled", or if its
//     /tender/procurementMethodDetails is in the [exclusions] list.
//   - Amounts are compared only in the main currency: the "currency" setting, or else the first
//     currency observed by an indicator that uses amounts (cardinal's rule).
//   - Fences are Q1 − 1.5·IQR (low outliers) and Q3 + 1.5·IQR (high outliers), with quartiles
//     computed as cardinal does (statrs, Hyndman–Fan type 8; see quantile).
//   - A code appears in the Result only where its flag is raised; empty groups are omitted.
//   - Lines are decoded by several goroutines, but the indicators see the releases one at a time,
//     in input order: the same input and settings give the same Result.
package indicators
