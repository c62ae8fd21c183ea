package pcc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"integrity-portal/portal/procurement/ocds"
)

// Currency is the currency of every amount in a notice.
const Currency = "TWD"

// kind is what a notice is, by its type.
type kind int

const (
	kindTender          kind = iota // 招標公告 of any method: tag tender
	kindTenderAmendment             // 更正公告 of a tender notice: tag tenderAmendment
	kindAward                       // 決標公告: tag award
	kindAwardUpdate                 // 更正 of an award notice: tag awardUpdate
	kindFailed                      // 無法決標公告: tag tenderUpdate, tender unsuccessful
)

var kindTags = [...]string{"tender", "tenderAmendment", "award", "awardUpdate", "tenderUpdate"}

// noticeKind classifies a notice type. Notices that are not about a tender or its award (public
// review of documents, requests for information, periodic summaries, sales of property) are an error.
func noticeKind(typ string) (kind, error) {
	correction := strings.Contains(typ, "更正")
	switch {
	case typ == "":
		return 0, errors.New("pcc: notice has no type")
	case strings.Contains(typ, "公開閱覽") || strings.Contains(typ, "提供參考資料"):
		return 0, fmt.Errorf("pcc: notice type %q is not supported", typ)
	case strings.Contains(typ, "無法決標"):
		return kindFailed, nil
	case strings.Contains(typ, "決標"):
		if correction {
			return kindAwardUpdate, nil
		}
		return kindAward, nil
	case strings.Contains(typ, "招標") || strings.Contains(typ, "公開取得"):
		if correction {
			return kindTenderAmendment, nil
		}
		return kindTender, nil
	}
	return 0, fmt.Errorf("pcc: notice type %q is not supported", typ)
}

// ToRelease maps one notice to an OCDS 1.1 release for the ocid prefix (such as "ocds-xxxxxx"):
//   - ocid prefix-機關代碼-標案案號 (the record's unit_id and job_number); id {tag}-{YYYYMMDD}, with
//     -{filename} when the record names its file; date the record's date (midnight in Taipei);
//   - tag "tender" (or "tenderAmendment" for a correction), "award" (or "awardUpdate"), or, for a
//     failed-award notice (無法決標), "tenderUpdate" with tender/status "unsuccessful" and the reason
//     in tender/statusDetails;
//   - buyer and tender/procuringEntity: the agency, a party with roles buyer and procuringEntity;
//   - tender: id, title, status, procurementMethod(+Details), mainProcurementCategory,
//     awardCriteria(+Details), value, tenderPeriod, awardPeriod, submissionMethod(+Details),
//     eligibilityCriteria; from award notices also numberOfTenderers and tenderers;
//   - awards (award notices): see awards.
//
// See fields.go for where each field comes from. A field that is absent or cannot be read is left
// out. ToRelease returns an error only if the notice cannot make a release: no ocid prefix, no date,
// unit_id or job_number, or a notice type it does not map.
func ToRelease(n Notice, ocidPrefix string) (ocds.Release, error) {
	if strings.TrimSpace(ocidPrefix) == "" {
		return nil, errors.New("pcc: no ocid prefix")
	}
	unitID, job := clean(n.UnitID), clean(n.JobNumber)
	if unitID == "" || job == "" {
		return nil, errors.New("pcc: notice has no unit_id or job_number")
	}
	date, err := ParseROCDate(n.Date)
	if err != nil || len(clean(n.Date)) != 8 {
		return nil, fmt.Errorf("pcc: notice date %q is not YYYYMMDD", n.Date)
	}
	k, err := noticeKind(n.Type())
	if err != nil {
		return nil, err
	}
	tag := kindTags[k]
	id := tag + "-" + date.Format("20060102")
	if f := clean(n.Filename); f != "" {
		id += "-" + f
	}

	ps := &parties{}
	buyer := n.buyer(ps, unitID)
	tender := n.tender(k, job)
	tender["procuringEntity"] = buyer
	rel := ocds.Release{
		"ocid":           OCID(ocidPrefix, unitID, job),
		"id":             id,
		"date":           FormatTime(date),
		"tag":            []any{tag},
		"initiationType": "tender",
		"language":       "zh-TW",
		"buyer":          buyer,
		"tender":         tender,
	}
	if k == kindAward || k == kindAwardUpdate {
		bidders := n.bidders()
		n.addTenderers(tender, ps, bidders)
		if awards := n.awards(ps, bidders); len(awards) > 0 {
			rel["awards"] = awards
		}
		if bids := n.bids(ps, bidders); len(bids) > 0 {
			rel["bids"] = map[string]any{"details": bids}
		}
	}
	n.addNotice(rel, tender, k, id)
	rel["parties"] = ps.list()
	return rel, nil
}

// buyer adds the agency to the parties and returns a reference to it.
func (n Notice) buyer(ps *parties, unitID string) map[string]any {
	code := n.get(fUnitID)
	if code == "" {
		code = unitID
	}
	name := n.get(fUnitName)
	if name == "" {
		name = clean(n.UnitName)
	}
	p := ps.add(org{scheme: SchemeAgency, code: code, name: name}, "buyer", "procuringEntity")
	if v := n.get(fAddress); v != "" {
		p["address"] = map[string]any{"streetAddress": v}
	}
	contact := map[string]any{}
	setText(contact, "name", n.get(fContactName))
	setText(contact, "telephone", n.get(fTelephone))
	setText(contact, "faxNumber", n.get(fFax))
	setText(contact, "email", n.get(fEmail))
	if len(contact) > 0 {
		p["contactPoint"] = contact
	}
	return ps.ref(p)
}

// tender returns the release's tender section, without tenderers.
func (n Notice) tender(k kind, job string) map[string]any {
	t := map[string]any{"id": job}
	switch k {
	case kindFailed:
		t["status"] = "unsuccessful"
		setText(t, "statusDetails", n.get(fFailReason))
	case kindAward, kindAwardUpdate:
		t["status"] = "complete"
	default:
		t["status"] = "active"
	}
	title := n.get(fTitle)
	if title == "" {
		title = clean(n.Brief.Title)
	}
	setText(t, "title", title)

	method := n.get(fMethod)
	if method == "" && (k == kindTender || k == kindTenderAmendment) {
		// A tender notice's type names its method: "公開招標公告", "公開取得報價單或企劃書公告".
		method = strings.TrimSuffix(strings.TrimSuffix(n.Type(), "公告"), "更正")
	}
	if m := ProcurementMethod(method); m != "" {
		t["procurementMethod"] = m
	}
	setText(t, "procurementMethodDetails", method)

	category := n.get(fCategory)
	if category == "" {
		category = clean(n.Brief.Category)
	}
	if c := MainCategory(category); c != "" {
		t["mainProcurementCategory"] = c
	}
	if crit := n.get(fAwardCriteria); crit != "" {
		if c := awardCriteria(crit); c != "" {
			t["awardCriteria"] = c
		}
		t["awardCriteriaDetails"] = crit
	}
	if n.get(fBudgetPublic) != "否" {
		if v, ok := money(n.get(fBudget)); ok {
			t["value"] = v
		}
	}

	period := map[string]any{}
	setDate(period, "startDate", n.get(fPublished))
	setDate(period, "endDate", n.get(fDeadline))
	if len(period) > 0 {
		t["tenderPeriod"] = period
	}
	award := map[string]any{}
	setDate(award, "startDate", n.get(fOpening))
	if k == kindAward || k == kindAwardUpdate {
		setDate(award, "endDate", n.get(fAwardDate))
	}
	if len(award) > 0 {
		t["awardPeriod"] = award
	}
	if n.get(fElectronic) == "是" {
		t["submissionMethod"] = []any{"electronicSubmission"}
	}
	setText(t, "submissionMethodDetails", n.get(fSubmission))
	setText(t, "eligibilityCriteria", n.get(fEligibility))
	return t
}

// ProcurementMethod maps a 招標方式 to the OCDS method code, or "" if it names none: 公開招標 and
// 公開取得報價單或企劃書 (and other 公開取得 variants) → open, 選擇性招標 → selective, 限制性招標 → limited
// (whether or not with public evaluation, "(經公開評選或公開徵求)"). Restricted comes first, since
// its variants mention 公開.
func ProcurementMethod(s string) string {
	switch {
	case strings.Contains(s, "限制性招標"):
		return "limited"
	case strings.Contains(s, "選擇性招標"):
		return "selective"
	case strings.Contains(s, "公開招標"), strings.Contains(s, "公開取得"):
		return "open"
	}
	return ""
}

// MainCategory maps a 標的分類 ("勞務類82-不動產服務", "<勞務類>82不動產服務") to the OCDS
// category by the class it starts with, or "".
func MainCategory(s string) string {
	s = strings.TrimLeft(s, "<＜〈 ")
	switch {
	case strings.HasPrefix(s, "工程"):
		return "works"
	case strings.HasPrefix(s, "財物"):
		return "goods"
	case strings.HasPrefix(s, "勞務"):
		return "services"
	}
	return ""
}

// awardCriteria maps a 決標方式 to the OCDS 1.1 award criteria code, or "": 最低標 (lowest price) →
// priceOnly; 最有利標, 準用最有利標 and 取最有利標精神 (most advantageous tender, by scored criteria)
// → ratedCriteria.
func awardCriteria(s string) string {
	switch {
	case strings.Contains(s, "最有利標"):
		return "ratedCriteria"
	case strings.Contains(s, "最低標"):
		return "priceOnly"
	}
	return ""
}

// money returns an OCDS Value for an amount ParseMoney accepts.
func money(s string) (map[string]any, bool) {
	amount, err := ParseMoney(s)
	if err != nil {
		return nil, false
	}
	return value(amount), true
}

func value(amount int64) map[string]any {
	return map[string]any{"amount": json.Number(strconv.FormatInt(amount, 10)), "currency": Currency}
}

// OCID returns the ocid of a procurement: prefix-機關代碼-標案案號, the same for every notice (and CSV
// row) of one agency's case, so the releases of one procurement merge whatever file they came from.
func OCID(prefix, unitID, jobNumber string) string {
	return prefix + "-" + unitID + "-" + jobNumber
}

// setText sets m[key] to v unless v is empty.
func setText(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

// setDate sets m[key] to the date-time v as RFC 3339, unless v is empty or not a date.
func setDate(m map[string]any, key, v string) {
	if t, err := ParseDateTime(v); err == nil {
		m[key] = FormatTime(t)
	}
}

// dateOnly parses a date without time.
func dateOnly(v string) (time.Time, bool) {
	t, err := ParseROCDate(v)
	return t, err == nil
}

// addNotice links the notice at its source (the record's url, web.pcc.gov.tw) as a document: in the
// tender for a tender notice or a failed-award notice, in each award for an award notice. Its id is
// the release's, so that each notice of a procurement stays one document when releases merge.
func (n Notice) addNotice(rel ocds.Release, tender map[string]any, k kind, id string) {
	u, err := url.Parse(clean(n.Detail["url"]))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return
	}
	doc := map[string]any{"id": id, "url": u.String()}
	setText(doc, "title", n.Type())
	switch k {
	case kindAward, kindAwardUpdate:
		doc["documentType"] = "awardNotice"
		awards, _ := rel["awards"].([]any)
		for _, a := range awards {
			a.(map[string]any)["documents"] = []any{doc}
		}
		if len(awards) > 0 {
			return
		}
	case kindTender, kindTenderAmendment:
		doc["documentType"] = "tenderNotice"
	}
	tender["documents"] = []any{doc}
}
