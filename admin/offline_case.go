package admin

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/officekeys"
)

// offlinePage is the form for a report received by phone, letter or in person, and then its receipt.
type offlinePage struct {
	Channels   []string
	Categories []string
	Agencies   []agencyName
	Receipt    string
	CaseID     int64
	Error      string
}

type agencyName struct {
	ID   int
	Name string
}

var offlineChannels = []string{"phone", "paper", "counter"}
var offlineCategories = []string{"corruption", "procurement", "ethics", "maladministration", "leak", "other"}

// offlineShow shows the form (GET /admin/cases/new).
func (a *Admin) offlineShow(c *gin.Context) { a.renderOffline(c, http.StatusOK, offlinePage{}) }

func (a *Admin) renderOffline(c *gin.Context, status int, p offlinePage) {
	rows, _ := a.DB.Query(c.Request.Context(), `SELECT id, name_zh FROM agencies WHERE active ORDER BY sort_order, id`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[agencyName])
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	p.Channels, p.Categories, p.Agencies = offlineChannels, offlineCategories, list
	a.Site.Render(c, status, a.pages.offline, "admin.offline.title", p)
}

// offlineSubmit enters the report as a case like any other (POST /admin/cases/new): encrypted, granted
// as intake grants it, with a receipt for the officer to hand to the reporter. The receipt is shown
// once and never stored.
func (a *Admin) offlineSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	channel, category := c.PostForm("channel"), c.PostForm("category")
	what := strings.TrimSpace(c.PostForm("what"))
	// Only the two codes the form offers; anything else is refused, never stored.
	lang, langOK := map[string]i18n.Lang{"zh-TW": i18n.ZhTW, "en": i18n.En}[c.DefaultPostForm("reporter_lang", "zh-TW")]
	if !contains(offlineChannels, channel) || !contains(offlineCategories, category) || what == "" || len([]rune(what)) > 20000 || !langOK {
		a.renderOffline(c, http.StatusBadRequest, offlinePage{Error: "admin.offline.err"})
		return
	}
	var agencyID *int
	agencyName := ""
	if id, ok := database.Int4ID(c.PostForm("agency")); ok {
		if err := a.DB.QueryRow(ctx, `SELECT id, name_zh FROM agencies WHERE id = $1`, id).Scan(&id, &agencyName); err == nil {
			agencyID = &id
		}
	}
	recoveryText, err := officekeys.RecoveryRecipient(ctx, a.DB)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	recovery, err := crypto.ParseRecipient(recoveryText)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	receipt := crypto.NewReceipt()
	params := a.ReceiptParams
	if params == (crypto.ReceiptParams{}) {
		params = crypto.DefaultReceiptParams
	}
	rk, err := a.Memory.DeriveReceiptKeys(ctx, receipt, a.Pepper, params)
	if err != nil {
		a.Site.Busy(c, a.Memory.Wait())
		return
	}
	keys, err := crypto.NewCaseKeys()
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	var caseID int64
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if caseID, err = cases.Create(ctx, tx, cases.NewCase{Kind: cases.KindReport, Category: category, AgencyID: agencyID, Channel: channel, Lang: lang},
			keys, rk, recovery); err != nil {
			return err
		}
		content, _ := json.Marshal(cases.ReportContent{Category: category, Agency: agencyName, What: what, Who: strings.TrimSpace(c.PostForm("who"))})
		if _, err := cases.AddEntry(ctx, tx, caseID, cases.EntryReport, cases.AuthorReporter, "mailbox", content); err != nil {
			return err
		}
		if name := strings.TrimSpace(c.PostForm("name")); name != "" {
			id, _ := json.Marshal(cases.IdentityContent{Name: name, Contact: strings.TrimSpace(c.PostForm("contact"))})
			if _, err := cases.AddEntry(ctx, tx, caseID, cases.EntryIdentity, cases.AuthorReporter, "internal", id); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, &o.ID, "case.enter_offline", &caseID, map[string]any{"channel": channel})
	})
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.renderOffline(c, http.StatusOK, offlinePage{Receipt: receipt.Grouped(), CaseID: caseID})
}
