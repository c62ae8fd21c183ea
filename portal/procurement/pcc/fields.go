package pcc

// The notice fields ToRelease reads, as "section:field" keys of Notice.Detail, each with the sections
// it is found under, in the order tried. They come from the field maps of the LM-PH2020 converter
// (luffykai/LM-PH2020 data/field_map.csv for tender and failed-award notices and
// data/award_field_map.csv for award notices; copies in testdata/pcc/lm-ph2020_*.csv), checked
// against the notices of testdata/pcc. Where those maps put a field in the wrong OCDS place,
// the OCDS path below is the one used instead (the map's path is given in brackets):
//
//	機關代碼               buyer/id, parties[buyer]/identifier/id
//	機關名稱               buyer/name, parties[buyer]/name
//	機關地址               parties[buyer]/address/streetAddress
//	聯絡人, 聯絡電話,
//	傳真號碼, 電子郵件信箱   parties[buyer]/contactPoint/{name,telephone,faxNumber,email}
//	標案案號               tender/id [also awards[0]/id: the award id is the award's own]
//	標案名稱               tender/title [also awards[0]/title]
//	標的分類               tender/mainProcurementCategory (工程/財物/勞務 → works/goods/services)
//	招標方式               tender/procurementMethod, procurementMethodDetails (not in the maps)
//	決標方式               tender/awardCriteria, awardCriteriaDetails
//	預算金額               tender/value (not in the maps), unless 預算金額是否公開 is 否
//	公告日                 tender/tenderPeriod/startDate
//	截止投標               tender/tenderPeriod/endDate
//	開標時間               tender/awardPeriod/startDate [tender/contractPeriod/startDate, awards[0]/date:
//	                       bid opening starts the evaluation, not the contract]
//	是否提供電子投標         tender/submissionMethod ["electronicSubmission"] when 是
//	收受投標文件地點         tender/submissionMethodDetails
//	廠商資格摘要            tender/eligibilityCriteria
//	決標日期               awards/date, tender/awardPeriod/endDate
//	無法決標的理由          tender/statusDetails [awards[0]/status: a reason is not a status code]
//
// Not in the maps, from the award notices: 投標廠商家數 → tender/numberOfTenderers; each 投標廠商N
// and its joint bidders 投標廠商N(共同投標廠商)M (廠商代碼, 廠商名稱, 廠商地址, 廠商電話, 是否得標,
// 履約起迄日期) → tender/tenderers and parties; each 決標品項:第N品項 (品項名稱; 得標廠商M:得標廠商 and
// 決標金額) → awards, their suppliers, items and value; 得標廠商原始投標金額 and each 未得標廠商M
// (是否合格, 標價金額) → bids/details (see bids); 總決標金額 → awards/value; 是否複數決標 says
// whether items are awarded separately. Not mapped: 單位名稱 (the map's
// parties[0]/additionalIdentifiers[0]/legalName is no identifier), 招標狀態 (text like "第一次限制性
// 招標", not a tender/status code), 履約期限 (free text), 底價金額 (no OCDS field).
type field struct {
	name     string
	sections []string
}

// Sections of the notices.
const (
	secAgency    = "機關資料"   // agency: all notices
	secProc      = "採購資料"   // procurement: tender notices, newer award notices
	secTendering = "招標資料"   // tendering: tender notices
	secBidding   = "領投開標"   // obtaining and opening bids: tender notices
	secOther     = "其他"     // other: tender notices
	secContent   = "標案內容"   // case contents: older tender notices, all fields in one section
	secAnnounced = "已公告資料"  // already announced: award notices
	secAward     = "決標資料"   // award data: award notices
	secBidders   = "投標廠商"   // bidders: award notices
	secItems     = "決標品項"   // awarded items: award notices
	secFailed    = "無法決標公告" // failed-award notices
)

// The tender's own fields sit in 採購資料 and 招標資料 in tender notices, in 已公告資料 in older award
// notices and in 採購資料 in newer ones (where 已公告資料 was renamed), in 標案內容 in older tender
// notices and in 無法決標公告 in failed-award notices; a notice has one of these layouts, so the
// order only matters for a field named twice.
var (
	fUnitID        = field{"機關代碼", []string{secAgency, secContent, secFailed}}
	fUnitName      = field{"機關名稱", []string{secAgency, secContent, secFailed}}
	fAddress       = field{"機關地址", []string{secAgency, secContent, secFailed}}
	fContactName   = field{"聯絡人", []string{secAgency, secContent, secFailed}}
	fTelephone     = field{"聯絡電話", []string{secAgency, secContent, secFailed}}
	fFax           = field{"傳真號碼", []string{secAgency, secContent, secFailed}}
	fEmail         = field{"電子郵件信箱", []string{secAgency, secContent, secFailed}}
	fJobNumber     = field{"標案案號", []string{secProc, secAnnounced, secContent, secFailed}}
	fTitle         = field{"標案名稱", []string{secProc, secAnnounced, secContent, secFailed}}
	fCategory      = field{"標的分類", []string{secProc, secAnnounced, secContent, secFailed}}
	fMethod        = field{"招標方式", []string{secTendering, secProc, secAnnounced, secContent, secFailed}}
	fAwardCriteria = field{"決標方式", []string{secTendering, secProc, secAnnounced, secContent, secFailed}}
	fBudget        = field{"預算金額", []string{secProc, secAnnounced, secContent, secFailed}}
	fBudgetPublic  = field{"預算金額是否公開", []string{secProc, secAnnounced, secContent, secFailed}}
	fPublished     = field{"公告日", []string{secTendering, secContent}}
	fDeadline      = field{"截止投標", []string{secBidding, secContent}}
	fOpening       = field{"開標時間", []string{secBidding, secProc, secAnnounced, secContent, secFailed}}
	fElectronic    = field{"是否提供電子投標", []string{secBidding, secContent}}
	fSubmission    = field{"收受投標文件地點", []string{secBidding, secContent}}
	fEligibility   = field{"廠商資格摘要", []string{secOther, secContent}}
	fMultiple      = field{"是否複數決標", []string{secTendering, secProc, secAnnounced, secContent, secFailed}}
	fTenderers     = field{"投標廠商家數", []string{secBidders}}
	fAwardDate     = field{"決標日期", []string{secAward}}
	fTotal         = field{"總決標金額", []string{secAward}}
	fTotalPublic   = field{"總決標金額是否公開", []string{secAward}}
	fFailReason    = field{"無法決標的理由", []string{secFailed, secAward, secAnnounced}}
)

// get returns the field's value, cleaned of surrounding white space, from the first of its sections
// that has it non-empty, or "".
func (n Notice) get(f field) string {
	for _, sec := range f.sections {
		if v := clean(n.Detail[sec+":"+f.name]); v != "" {
			return v
		}
	}
	return ""
}
