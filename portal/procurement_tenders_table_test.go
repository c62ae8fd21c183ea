package portal

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/config"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/store"
)

// refRows is the template range that wrote the results' rows before RowsHTML, kept as the measure
// of its escaping: html/template escapes by context, RowsHTML by hand.
const refRows = `{{define "content"}}{{$d := .Data}}<p>REF</p>{{range $d.Rows}}
    <tr>
      <th scope="row" class="r-title"><a class="tender-title" href="{{.Href}}">{{if .Title}}{{zh .Title}}{{else}}{{.OCID}}{{end}}</a></th>
      <td data-label="{{$.T "procurement.col.buyer"}}">{{if .BuyerHref}}<a href="{{.BuyerHref}}">{{if .BuyerName}}{{zh .BuyerName}}{{else}}{{.BuyerID}}{{end}}</a>{{else}}{{zh .BuyerName}}{{end}}</td>
      <td data-label="{{$.T "procurement.col.winner"}}">{{range $i, $s := .Suppliers}}{{if $i}}{{$.T "procurement.list_sep"}}{{end}}<a href="{{$s.Href}}">{{zh $s.Name}}</a>{{else}}<span class="none">{{if .Awarded}}{{$.T "procurement.tenders.no_supplier"}}{{else}}{{$.T "procurement.tenders.not_awarded"}}{{end}}</span>{{end}}</td>
      <td data-label="{{$.T "procurement.col.amount"}}" class="num">{{if .Amount.Known}}{{.Amount}} <span class="kind">{{if .Awarded}}{{$.T "procurement.amount_kind.award"}}{{else}}{{$.T "procurement.amount_kind.budget"}}{{end}}</span>{{else}}—{{end}}</td>
      <td data-label="{{$.T "procurement.col.date"}}"><span class="date">{{$.Date .Date}}</span> <span class="kind">{{$.T (printf "procurement.date_kind.%s" .DateKind)}}</span></td>
      <td data-label="{{$.T "procurement.col.flags"}}"{{if not .Flags}} class="no-flags"{{end}}>{{range .Flags}}<a class="badge flag-badge" href="/procurement/flags#{{.Code}}" aria-label="{{$.T "procurement.tenders.flag_badge" .Code ($.T .TitleKey)}}">{{$.T .TitleKey}}</a> {{else}}<span class="none">{{$.T "procurement.tenders.no_flags"}}</span>{{end}}</td>
    </tr>
    {{end}}<p>REF</p>{{$d.RowsHTML $}}<p>REF</p>{{end}}`

// TestTenderRowsReadAsTheTemplateWrote: RowsHTML writes rows of hostile names, ids and amounts,
// in both languages, byte for byte as the template did.
func TestTenderRowsReadAsTheTemplateWrote(t *testing.T) {
	cfg, err := config.Load(config.Source{Lookup: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Options{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Pages:   map[string]fs.FS{"portal": Templates(), "ref": fstest.MapFS{"rows.html": {Data: []byte(refRows)}}},
		CSRFKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	hostile := `<b>"x" & 'y' + z</b>` + "\x00"
	id, v, mxn, twd := "ID '+&\"<>/é 1", "1311264.0", "MXN", "TWD"
	r018, _ := flags.Lookup("R018")
	r003, _ := flags.Lookup("R003")
	rows := []tenderRow{
		{Item: store.Item{OCID: "ocds-'+&\"<x>", Title: "臺中 " + hostile, BuyerID: &id, BuyerName: hostile},
			Href: tenderHref("ocds-'+&\"<x> é"), BuyerHref: buyerHref(id), Date: time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC),
			DateKind: "award", Amount: amount{Value: &v, Currency: &mxn}, Awarded: true,
			Suppliers: []partyLink{{Name: "甲 " + hostile, Href: supplierHref(id)}, {Name: "B&B", Href: supplierHref("S+1")}},
			Flags:     []flags.Indicator{r018, r003}},
		{Item: store.Item{OCID: "ocds-2", BuyerID: &id}, Href: tenderHref("ocds-2"), BuyerHref: buyerHref(id),
			DateKind: "tender", Amount: amount{Value: &v, Currency: &twd}},
		{Item: store.Item{OCID: "ocds-3", BuyerName: "無代碼機關"}, Href: "/procurement/tenders/ocds-3", DateKind: "release", Awarded: true},
	}
	r := site.Engine()
	ref := site.Page("ref/rows")
	r.GET("/rows", func(c *gin.Context) { site.Render(c, 200, ref, "", tendersPage{Rows: rows}) })
	for _, lang := range []string{"zh-TW", "en"} {
		a := get(t, r, lang, "/rows")
		parts := strings.Split(a.body, "<p>REF</p>")
		if a.status != 200 || len(parts) != 4 {
			t.Fatalf("%s: status %d, %d parts:\n%s", lang, a.status, len(parts), a.body)
		}
		if parts[1] != parts[2] {
			t.Errorf("%s: RowsHTML wrote\n%s\nthe template wrote\n%s", lang, parts[2], parts[1])
		}
		if strings.Contains(parts[2], "<b>") || !strings.Contains(parts[2], "&lt;b&gt;") {
			t.Errorf("%s: a name's markup is not escaped:\n%s", lang, parts[2])
		}
	}
}
