// Package csvimport reads procurement data from CSV files, as Taiwanese agencies export it from their
// spreadsheets, into OCDS 1.1 releases: one release per contracting process. Package importer stores
// them, for `portal import procurement` and the upload page.
//
// The columns (see columns.go, and docs/data-formats.md for the table officers read) each have a
// Chinese and an English header; headers are matched trimmed and case-insensitively, in any order.
// An unknown, repeated or nameless column, or a missing required one, refuses the whole file.
//
// Rows and processes:
//   - One row per awarded supplier, or one row per tender with no award yet.
//   - Rows with the same ocid form one process. A row without an ocid gets pcc.OCID(prefix, 機關代碼,
//     標案案號), as releases made from e-procurement notices do, so the same case from a notice file
//     and from a CSV file is one process, and importing a file again changes nothing.
//   - Rows of one process with the same 決標項次 (award_id; "1" when blank or absent) are one award,
//     and their suppliers are all its suppliers: a joint bid (共同投標), whose 決標金額 is the award's
//     whole value, repeated on each row. Separate awards (複數決標) need separate 決標項次. This is
//     how pcc reads award notices (是否複數決標).
//   - Process columns (buyer, title, method, budget, …) must agree on every row of a process, and
//     award columns on every row of an award; a blank cell takes the value given on another row.
//     Two different values are rejected, naming both lines.
//
// Invariants:
//   - All or nothing: Read returns releases only when no row is rejected; importer.File then saves
//     them in one transaction. A rejection names the line where the row starts (the header is line
//     1), the column as headed in the file, and the reason in a short sentence.
//   - Releases are deterministic: the same rows give the same releases (id "csv", date the latest
//     date of the process), so a second import of the same file stores nothing new, and a corrected
//     file replaces the process's CSV release.
//   - Amounts are json.Number integers from 0 to MaxAmount; dates are RFC 3339 in Taipei time.
//   - Parties use pcc's ids (TW-GOV-機關代碼, TW-UBN-統一編號), as releases from notices do.
package csvimport
