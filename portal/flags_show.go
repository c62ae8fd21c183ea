package portal

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
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
	Thresholds []thresholdView // R003's minimums per 招標方式, each explained in Taiwan's terms
	Default    *thresholdView  // R003's minimum for any other 招標方式
	// Counts as text, "" where the indicator never flags that subject.
	Processes, Buyers, Entities, Tenderers string
	ListHref                               string // the tender list filtered on it, when it flagged any process
}

// thresholdView is one of R003's minimums with its explanation, written out for the page's language.
type thresholdView struct {
	flags.MethodThreshold
	Why string
}

// uncheckedWhy are the explanations of methods whose period the agency sets: they take no number.
var uncheckedWhy = map[string]bool{"flag.R003.tw.invited": true, "flag.R003.tw.limited": true}

// explainThreshold explains a minimum of days in Taiwan's terms by the message key: the threshold
// and the shortest period it allows (one more: the notice day counts, and whole days are compared).
// A minimum that the settings give against the file's reasoning is stated without it.
func explainThreshold(cat i18n.Catalogues, lang i18n.Lang, key string, days int64) string {
	switch {
	case key == "":
		return ""
	case days == 0 && uncheckedWhy[key]:
		return cat.T(lang, key)
	case days == 0:
		return cat.T(lang, "flags.r003_unchecked_setting")
	case uncheckedWhy[key]:
		return cat.T(lang, "flags.r003_checked_setting", strconv.FormatInt(days, 10))
	}
	return cat.T(lang, key, strconv.FormatInt(days, 10), strconv.FormatInt(days+1, 10))
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
		p := newFlagsPage(run, top)
		p.explain(site.Catalogues(), web.LangOf(c))
		site.Render(c, http.StatusOK, page, "flags.title", p)
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
		if ind.Code == "R003" && settings.R003 != nil {
			for _, m := range flags.R003Thresholds(settings) {
				v.Thresholds = append(v.Thresholds, thresholdView{MethodThreshold: m})
			}
			days := int64(15) // cardinal's default
			if settings.R003.Threshold != nil {
				days = *settings.R003.Threshold
			}
			v.Default = &thresholdView{MethodThreshold: flags.MethodThreshold{Days: days, WhyKey: flags.R003DefaultWhy}}
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

// methodLines are the setting lines whose argument is a list of procurementMethod codes.
var methodLines = map[string]bool{"flag.setting_methods": true, "flag.setting_price_only": true, "flag.setting_no_price": true}

// explain writes R003's thresholds out in lang, and the procurement methods of the settings by their
// names (公開招標, not open).
func (p *flagsPage) explain(cat i18n.Catalogues, lang i18n.Lang) {
	for i := range p.Indicators {
		v := &p.Indicators[i]
		for j, l := range v.Lines {
			if !methodLines[l.Key] || len(l.Args) == 0 {
				continue
			}
			codes := strings.Split(l.Args[0], ", ")
			for k, code := range codes {
				if name, ok := cat[lang]["procurement.method."+code]; ok {
					codes[k] = name
				}
			}
			args := slices.Clone(l.Args)
			args[0] = strings.Join(codes, cat.T(lang, "procurement.list_sep"))
			v.Lines[j].Args = args
		}
		for j := range v.Thresholds {
			v.Thresholds[j].Why = explainThreshold(cat, lang, v.Thresholds[j].WhyKey, v.Thresholds[j].Days)
		}
		if v.Default != nil {
			v.Default.Why = explainThreshold(cat, lang, v.Default.WhyKey, v.Default.Days)
		}
	}
}
