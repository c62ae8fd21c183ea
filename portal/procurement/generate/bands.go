package generate

// Thresholds of the Government Procurement Act (政府採購法), in New Taiwan dollars.
const (
	// SmallPurchase (小額採購) is the bound under which purchases are not published; published
	// tenders start here.
	SmallPurchase = 150_000
	// NoticeThreshold is the 公告金額: from it, a tender must be publicly announced (公開招標 as a
	// rule); under it (未達公告金額), 公開取得報價單或企劃書 is the usual method.
	NoticeThreshold = 1_500_000
)

// AuditThreshold is the 查核金額 of a category (mainProcurementCategory): NT$50M for works and goods,
// NT$10M for services; from it, the supervising agency audits the procurement.
func AuditThreshold(category string) int64 {
	if category == "services" {
		return 10_000_000
	}
	return 50_000_000
}

// HugeThreshold is the 巨額 threshold of a category: NT$200M for works, NT$100M for goods, NT$20M
// for services.
func HugeThreshold(category string) int64 {
	switch category {
	case "works":
		return 200_000_000
	case "goods":
		return 100_000_000
	}
	return 20_000_000
}

// band is an amount band of the Act.
type band int

const (
	bandSmall  band = iota // 未達公告金額
	bandNotice             // 公告金額 up to 查核金額
	bandAudit              // 查核金額 up to 巨額
	bandHuge               // 巨額
)

// bandWeights are the shares of tenders by band, for departments; other agencies stay under the
// 查核金額.
var bandWeights = map[agencyKind][]float64{
	department: {0.56, 0.38, 0.045, 0.015},
	district:   {0.62, 0.38},
	school:     {0.80, 0.20},
}

// bandRange returns the amounts of a band in a category, [lo, hi).
func bandRange(b band, category string) (lo, hi float64) {
	audit, huge := float64(AuditThreshold(category)), float64(HugeThreshold(category))
	switch b {
	case bandSmall:
		return SmallPurchase, NoticeThreshold
	case bandNotice:
		return NoticeThreshold, audit
	case bandAudit:
		return audit, huge
	}
	return huge, huge * 4
}

// minTenderDays is the shortest tender period (等標期) the 招標期限標準 allows a band, before the
// days it lets agencies take off for electronic tendering.
var minTenderDays = [...]int{bandSmall: 7, bandNotice: 14, bandAudit: 21, bandHuge: 28}

// method is a 招標方式: its words, its OCDS code, and whether it has a public tender period.
type method struct {
	details, code string
	period        bool
}

var (
	methodOpen      = method{"公開招標", "open", true}
	methodQuotation = method{"公開取得報價單或企劃書", "open", true}
	methodSelective = method{"選擇性招標", "selective", true}
	methodLimited   = method{"限制性招標", "limited", false}
	methodEvaluated = method{"限制性招標(經公開評選或公開徵求)", "limited", true}
)

// methodsByBand are the methods used in each band, with their shares. Services above the 公告金額
// are often bought by 限制性招標 after public evaluation (評選), as the Act allows for professional
// services.
func methodsByBand(b band, category string) ([]method, []float64) {
	if b == bandSmall {
		return []method{methodQuotation, methodOpen, methodLimited}, []float64{0.70, 0.15, 0.15}
	}
	if category == "services" {
		return []method{methodOpen, methodEvaluated, methodSelective, methodLimited}, []float64{0.45, 0.42, 0.03, 0.10}
	}
	return []method{methodOpen, methodEvaluated, methodSelective, methodLimited}, []float64{0.82, 0.06, 0.04, 0.08}
}

// bidsByMethod are the shares of 1, 2, 3… bids. An open tender opens on its first round only with
// three or more bids; the ones and twos are mostly second rounds, after a first that failed.
var bidsByMethod = map[string][]float64{
	methodOpen.details:      {0.10, 0.12, 0.26, 0.20, 0.13, 0.09, 0.06, 0.04},
	methodQuotation.details: {0.30, 0.25, 0.22, 0.12, 0.06, 0.05},
	methodSelective.details: {0, 0, 0.30, 0.30, 0.20, 0.20},
	methodLimited.details:   {0.95, 0.05},
	methodEvaluated.details: {0.25, 0.30, 0.25, 0.12, 0.08},
}
