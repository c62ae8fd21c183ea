// Package pcc imports Taiwan government e-procurement notices (政府電子採購網, web.pcc.gov.tw) as
// served by the g0v API (pcc.g0v.ronny.tw, /api/tender) and maps each notice to an OCDS 1.1 release,
// for the portal's procurement transparency pages.
//
// ReadNotices reads an API document ({"records": [...]}, one record per notice) and reports malformed
// records without stopping. ToRelease maps one notice to a release: a tender notice (招標公告) to a
// "tender" release, an award notice (決標公告) to an "award" release, a failed-award notice (無法決標
// 公告) to a "tenderUpdate" release with tender status "unsuccessful". The releases of one procurement
// share an ocid and compile with ocds.Merge. Which notice field carries what comes from the field maps
// of the g0v-based converter LM-PH2020 (see fields.go), corrected where they misuse OCDS fields.
//
// Invariants:
//   - Releases are generic JSON as package ocds decodes it (map[string]any, []any, string,
//     json.Number, bool): amounts are json.Number integers, never floats.
//   - A release's ocid is prefix-機關代碼-標案案號 (unit_id and job_number of the record), the same
//     for every notice of one procurement; its id is unique per notice (type, date and file name).
//   - Every date and date-time written is RFC 3339 in Taipei time (+08:00); ROC years (民國) are
//     converted by adding 1911.
//   - Money is taken only from text that ParseMoney accepts in full ("278,000元"), in TWD; a field
//     that does not parse is left out of the release rather than guessed, and so is an amount the
//     notice marks as not public (…是否公開: 否).
//   - Organisations are parties with ids built from their scheme and code (TW-UBN-統一編號 for
//     companies, TW-GOV-機關代碼 for agencies); organisation references (buyer, tenderers,
//     suppliers) point at them, and each party appears once with all its roles.
//   - ToRelease never modifies the notice and is deterministic: the same notice gives the same
//     release.
package pcc
