package portal

import (
	"math"
	"net/http"
	"net/url"
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
	p := flagsPage{Run: run, MinAwards: number(concentrationMinAwards).String(), Rows: number(concentrationRows).String()}
	if run != nil {
		settings = run.Settings
		p.Processes = number(run.Processes).String()
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
			v.Processes = number(n.Processes).String()
			if n.Processes > 0 {
				v.ListHref = "/procurement/tenders?flag=" + url.QueryEscape(ind.Code)
			}
		}
		if ind.Flags(flags.SubjectBuyer) || ind.Concentration {
			v.Buyers = number(n.Buyers).String()
		}
		if ind.Flags(flags.SubjectProcuringEntity) {
			v.Entities = number(n.ProcuringEntities).String()
		}
		if ind.Flags(flags.SubjectTenderer) {
			v.Tenderers = number(n.Tenderers).String()
		}
		p.Indicators = append(p.Indicators, v)
	}

	for _, by := range top {
		v := buyerYearView{
			BuyerYear:     by,
			BuyerHref:     "/procurement/buyers/" + url.PathEscape(by.BuyerID),
			Name:          by.BuyerName,
			ROCYear:       by.Year - 1911,
			AwardsText:    number(int64(by.Awards)).String(),
			SuppliersText: number(int64(by.Suppliers)).String(),
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
			v.HHIText = number(int64(math.Round(*by.HHI))).String()
		}
		p.Concentrated = append(p.Concentrated, v)
	}
	return p
}
