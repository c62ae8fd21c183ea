package portal

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/flags"
)

// The flags page lists the buyer-years with the most concentrated suppliers among those with at
// least this many awards: with fewer, any buyer looks concentrated.
const (
	concentrationMinAwards = 10
	concentrationRows      = 10
)

// flagsPage is what portal/flags shows. Numbers are written out here (digit grouping,
// percentages), the same in both languages.
type flagsPage struct {
	Run          *flags.Run
	Processes    string // processes read by the last run
	Currency     string
	Exclusions   string
	Indicators   []indicatorView
	Concentrated []buyerYearView
	MinAwards    string
	Rows         string
}

// indicatorView is one indicator with its settings in words and what the last run flagged.
type indicatorView struct {
	flags.Indicator
	Enabled    bool
	Lines      []flags.Line
	Thresholds []flags.MethodThreshold // R003's minimums per 招標方式
	// Counts as text, "" where the indicator never flags that subject.
	Processes, Buyers, Entities, Tenderers string
	ListHref                               string // the tender list filtered on it, when it flagged any process
}

// buyerYearView is one row of the concentration table.
type buyerYearView struct {
	flags.BuyerYear
	BuyerHref, Name                        string
	ROCYear                                int
	AwardsText, SuppliersText              string
	ValueShare, CountShare, HHIText, Label string
}

// flagsShow renders /procurement/flags: every indicator explained, with what the last
// recomputation flagged and when, and the buyers whose suppliers are the most concentrated. It
// only reads what flags.Recompute stored; nothing is computed on request.
func flagsShow(site *web.Site, db database.DB) gin.HandlerFunc {
	page := site.Page("portal/flags")
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		run, err := flags.LastRun(ctx, db)
		if err != nil {
			site.Fail(c, err)
			return
		}
		top, err := flags.MostConcentrated(ctx, db, concentrationMinAwards, concentrationRows)
		if err != nil {
			site.Fail(c, err)
			return
		}
		site.Render(c, http.StatusOK, page, "flags.title", newFlagsPage(run, top))
	}
}

func newFlagsPage(run *flags.Run, top []flags.BuyerYear) flagsPage {
	settings := flags.TaiwanSettings() // what the next run will use, until one has run
	p := flagsPage{Run: run, MinAwards: groupDigits(concentrationMinAwards), Rows: groupDigits(concentrationRows)}
	if run != nil {
		settings = run.Settings
		p.Processes = groupDigits(run.Processes)
	}
	p.Currency = flags.Currency(settings)
	p.Exclusions = strings.Join(settings.Exclusions.ProcurementMethodDetails, ", ")

	counts := run.Counts()
	for i, ind := range flags.Catalogue {
		v := indicatorView{
			Indicator: ind,
			Enabled:   flags.Enabled(ind.Code, settings),
			Lines:     flags.SettingLines(ind.Code, settings),
		}
		if ind.Code == "R003" {
			v.Thresholds = flags.R003Thresholds(settings)
		}
		n := counts[i]
		if ind.Flags(flags.SubjectProcess) {
			v.Processes = groupDigits(n.Processes)
			if n.Processes > 0 {
				v.ListHref = "/procurement/tenders?flag=" + url.QueryEscape(ind.Code)
			}
		}
		if ind.Flags(flags.SubjectBuyer) || ind.Concentration {
			v.Buyers = groupDigits(n.Buyers)
		}
		if ind.Flags(flags.SubjectProcuringEntity) {
			v.Entities = groupDigits(n.ProcuringEntities)
		}
		if ind.Flags(flags.SubjectTenderer) {
			v.Tenderers = groupDigits(n.Tenderers)
		}
		p.Indicators = append(p.Indicators, v)
	}

	for _, by := range top {
		v := buyerYearView{
			BuyerYear:     by,
			BuyerHref:     "/procurement/buyers/" + url.PathEscape(by.BuyerID),
			Name:          by.BuyerName,
			ROCYear:       by.Year - 1911,
			AwardsText:    groupDigits(int64(by.Awards)),
			SuppliersText: groupDigits(int64(by.Suppliers)),
			CountShare:    flags.Percent(by.TopCountShare),
			Label:         by.TopSupplierName,
		}
		if v.Name == "" {
			v.Name = by.BuyerID
		}
		if v.Label == "" {
			v.Label = by.TopSupplierID
		}
		if by.TopValueShare != nil {
			v.ValueShare = flags.Percent(*by.TopValueShare)
		}
		if by.HHI != nil {
			v.HHIText = groupDigits(int64(math.Round(*by.HHI)))
		}
		p.Concentrated = append(p.Concentrated, v)
	}
	return p
}

// groupDigits writes n with a comma every three digits (12,345), as both languages do here.
func groupDigits[T ~int | ~int64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
