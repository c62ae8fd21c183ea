package applications

import "integrity-portal/portal/procurement/csvimport"

// column is one column of a CSV format: its Chinese headers (the first is the one documented, the
// others are what exports also write), its English header, and whether every file needs it.
type column struct {
	zh       []string
	en       string
	required bool
}

// format is one of the three CSV formats: its columns, in the order docs/data-formats.md lists them.
type format struct {
	kind    Kind
	columns []column
}

// Columns of the applications format, by index into applicationsFormat.columns.
const (
	aAgencyCode = iota
	aAgencyName
	aCaseNumber
	aServiceCode
	aServiceName
	aChannel
	aReceived
	aClosed
	aSuspended
	aExtended
	aExtensionDays
	aOutcome
)

var applicationsFormat = &format{kind: KindApplications, columns: []column{
	aAgencyCode:    {[]string{"機關代碼"}, "agency_code", true},
	aAgencyName:    {[]string{"機關名稱"}, "agency_name", true},
	aCaseNumber:    {[]string{"案件編號", "收件編號", "收件字號", "案號"}, "case_number", false},
	aServiceCode:   {[]string{"申請項目代碼", "項目代碼", "案件類別代碼"}, "service_code", true},
	aServiceName:   {[]string{"申請項目", "申請項目名稱", "案件類別"}, "service_name", true},
	aChannel:       {[]string{"申請方式", "收件方式", "申辦方式"}, "channel", true},
	aReceived:      {[]string{"收件日期", "申請日期", "受理日期"}, "received", true},
	aClosed:        {[]string{"結案日期", "辦結日期"}, "closed", false},
	aSuspended:     {[]string{"補正日數", "補正天數"}, "suspended_days", false},
	aExtended:      {[]string{"展延", "是否展延"}, "extended", false},
	aExtensionDays: {[]string{"展延日數", "展延天數"}, "extension_days", false},
	aOutcome:       {[]string{"處理結果", "辦理結果", "結案情形"}, "outcome", false},
}}

// Columns of the periods format.
const (
	pAgencyCode = iota
	pAgencyName
	pAgencyNameEn
	pServiceCode
	pServiceName
	pServiceNameEn
	pPeriod
	pUnit
	pEffective
	pSource
)

var periodsFormat = &format{kind: KindPeriods, columns: []column{
	pAgencyCode:    {[]string{"機關代碼"}, "agency_code", true},
	pAgencyName:    {[]string{"機關名稱"}, "agency_name", true},
	pAgencyNameEn:  {[]string{"機關英文名稱"}, "agency_name_en", false},
	pServiceCode:   {[]string{"申請項目代碼", "項目代碼", "案件類別代碼"}, "service_code", true},
	pServiceName:   {[]string{"申請項目", "申請項目名稱", "案件類別"}, "service_name", true},
	pServiceNameEn: {[]string{"申請項目英文名稱"}, "service_name_en", false},
	pPeriod:        {[]string{"處理期間", "處理期限", "處理時限"}, "period", true},
	pUnit:          {[]string{"單位", "期間單位"}, "unit", false},
	pEffective:     {[]string{"生效日期", "實施日期"}, "effective_from", false},
	pSource:        {[]string{"依據", "公告依據", "資料來源"}, "source", false},
}}

// Columns of the calendar format: the CSV of 行政院人事行政總處's 政府行政機關辦公日曆表.
const (
	cDate = iota
	cWeekday
	cHoliday
	cName
)

var calendarFormat = &format{kind: KindCalendar, columns: []column{
	cDate:    {[]string{"西元日期", "日期"}, "date", true},
	cWeekday: {[]string{"星期"}, "weekday", false},
	cHoliday: {[]string{"是否放假"}, "is_holiday", true},
	cName:    {[]string{"備註", "名稱", "說明"}, "name", false},
}}

// ColumnDocs are the columns of a kind of file, in order, for the officers' help page.
func ColumnDocs(k Kind) []csvimport.ColumnDoc {
	f := map[Kind]*format{KindApplications: applicationsFormat, KindPeriods: periodsFormat, KindCalendar: calendarFormat}[k]
	if f == nil {
		return nil
	}
	docs := make([]csvimport.ColumnDoc, len(f.columns))
	for i, c := range f.columns {
		docs[i] = csvimport.ColumnDoc{Zh: c.zh, En: c.en, Required: c.required}
	}
	return docs
}
