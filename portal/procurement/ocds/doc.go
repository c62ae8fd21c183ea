// Package ocds reads Open Contracting Data Standard (OCDS) 1.1 data and merges the releases of one
// contracting process into a compiled release, for the portal's procurement transparency pages.
//
// ReadPackage accepts what imports bring: release packages, record packages, single releases and
// JSON Lines of releases or compiled releases. It streams, delivering each release with a path for
// error reports, and reports malformed items without stopping. Merge compiles the releases of one
// ocid following the OCDS 1.1 merging specification, driven by the directives of the release schema
// (see MergeRules); its results match the reference implementation, ocdsmerge, except where the
// Merge documentation says otherwise.
//
// Invariants:
//   - Releases are generic JSON (map[string]any, []any, string, json.Number, bool, nil): fields this
//     package does not know, such as those of extensions, are kept, and numbers keep their exact
//     decimal text.
//   - Every Release delivered by ReadPackage has a non-empty string ocid and a date that parses as a
//     date-time, so it can be merged.
//   - Merge never modifies its inputs, and its result shares no maps or slices with them.
//   - Merge depends only on the releases and their dates, not on the order they are given in (releases
//     with equal dates are applied in the order given).
//   - A compiled release has tag ["compiled"], date the date of its latest release, and id
//     "{ocid}-{date}", as ocdsmerge writes them.
package ocds
