package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"integrity-portal/internal/spreadsheet"
)

// statsTable flattens the figures into rows of (section, key, value) for the exports.
func statsTable(s Stats) [][]string {
	rows := [][]string{{"section", "key", "value"},
		{"period", "from", s.From.In(taipei).Format("2006-01-02")},
		{"period", "to", s.To.In(taipei).AddDate(0, 0, -1).Format("2006-01-02")},
		{"received", "all", strconv.Itoa(s.Received)}}
	for _, dim := range Dimensions {
		for _, r := range s.ByDimension[dim] {
			rows = append(rows, []string{dim, r.Key, strconv.Itoa(r.N)})
		}
	}
	for _, r := range s.Referrals {
		rows = append(rows, []string{"referrals", r.Kind + ":" + r.Addressee, strconv.Itoa(r.N)})
	}
	for name, d := range map[string]Durations{"days_to_acknowledge": s.Acknowledge, "days_to_close": s.Closure} {
		rows = append(rows, []string{name, "n", strconv.Itoa(d.N)}, []string{name, "median", fmtDays(d.Median)}, []string{name, "p90", fmtDays(d.P90)})
	}
	for _, r := range s.Deadlines {
		name := "deadline_" + r.Kind
		rows = append(rows, []string{name, "days", strconv.Itoa(r.Days)}, []string{name, "met", strconv.Itoa(r.Met)}, []string{name, "due", strconv.Itoa(r.Due)})
	}
	for _, r := range s.Overdue {
		rows = append(rows, []string{"overdue_now", r.Key, strconv.Itoa(r.N)})
	}
	return rows
}

func fmtDays(v *float64) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%.1f", *v)
}

// statsExport downloads the figures as CSV (UTF-8 with a BOM, for Excel) or XLSX (GET
// /admin/stats/export?format=csv|xlsx). Audited.
func (a *Admin) statsExport(c *gin.Context) {
	o := officer(c)
	from, to, ft, tt := statsPeriod(c)
	s, err := ComputeStats(c.Request.Context(), a.DB, a.Deadlines, from, to)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	rows := statsTable(s)
	name := "integrity-meeting-" + ft + "-" + tt
	a.audit(c, &o.ID, "stats.export", nil, map[string]any{"from": ft, "to": tt, "format": c.Query("format")})
	if c.Query("format") == "xlsx" {
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if n, err := strconv.ParseFloat(v, 64); err == nil && j == 2 && i > 2 {
					f.SetCellValue("Sheet1", cell, n)
				} else {
					f.SetCellValue("Sheet1", cell, spreadsheet.Text(v))
				}
			}
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		c.Status(http.StatusOK)
		if err := f.Write(c.Writer); err != nil {
			a.Logger.Warn("xlsx export cut short", "err", err)
		}
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	c.Writer.Write([]byte("\ufeff"))
	w := spreadsheet.NewCSV(c.Writer)
	w.WriteAll(rows)
}
