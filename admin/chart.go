package admin

import (
	"fmt"
	"strconv"

	"integrity-portal/internal/web"
)

// intakeChart draws intake per month (see web.BarChart); the table beside it has the same figures.
func intakeChart(months []monthCount) web.BarChart {
	ch := web.BarChart{ID: "intake-chart", TitleKey: "admin.dashboard.intake", DescKey: "chart.desc"}
	for _, m := range months {
		ch.Bars = append(ch.Bars, web.Bar{Label: fmt.Sprintf("%d/%d", m.Month.Year()-1911, int(m.Month.Month())),
			Value: strconv.Itoa(m.N), Size: float64(m.N)})
	}
	return ch
}

// rowsChart draws the counts of one breakdown as bars, at most 12, largest first as the rows come.
func rowsChart(dim string, rows []labelledCount) web.BarChart {
	ch := web.BarChart{ID: "chart-" + dim, TitleKey: "admin.stats.by_" + dim, DescKey: "chart.desc"}
	for _, r := range rows[:min(len(rows), 12)] {
		ch.Bars = append(ch.Bars, web.Bar{Label: r.Label, Value: strconv.Itoa(r.N), Size: float64(r.N)})
	}
	return ch
}
