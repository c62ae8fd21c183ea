// Package generate makes realistic, Taiwan-like procurement data for demos, tests and benchmarks:
// OCDS 1.1 compiled releases of the city's agencies, one contracting process each, streamed one at a
// time so that millions can be made without holding them.
//
// The data imitates what the Taiwan e-procurement importer (package pcc) produces: agencies with
// 機關代碼-style codes (3.76.…) and suppliers with valid 統一編號 (eight digits with their check
// digit), as parties with the same ids (TW-GOV-…, TW-UBN-…); methods in Taiwan's terms (公開招標,
// 選擇性招標, 限制性招標, 公開取得報價單或企劃書) with amounts in the bands of the Government
// Procurement Act (未達公告金額 under NT$1.5M, 公告金額, 查核金額, 巨額) and the tender periods the
// law sets for them; bids, awards (some to joint bids, 共同投標), contracts, amendments and every
// tender status. Suppliers win by a long-tailed law, so a few win much and most win little.
//
// Some red flags are planted on purpose, so the indicators have something to find; Pattern lists
// them with the cardinal indicator each should raise, and Generator.Patterns tells which process has
// which. Everything else is ordinary data, which raises flags only as often as real data would.
//
// Invariants:
//   - The i'th release depends only on the seed, the ocid prefix and i: not on how many releases
//     are made, nor on their order. Making more processes later adds new ones and leaves the first
//     ones as they were, so loading again is idempotent.
//   - Every ocid is "{prefix}-{機關代碼}-{標案案號}" and unique per i; every release id is
//     "{ocid}-{date}" with tag ["compiled"], as ocds.Merge writes a compiled release.
//   - Releases are generic JSON as package ocds decodes it (map[string]any, []any, string,
//     json.Number, bool): amounts are whole New Taiwan dollars as json.Number; dates are RFC 3339
//     in Taipei time (+08:00).
//   - The words the search benchmarks look for appear in titles at fixed rates (see KeywordCommon).
package generate
