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

// rowsChart draws the counts of one breakdown as bars, at most 12, largest first as the rows come;
// label names each row's key.
func rowsChart(dim string, rows []StatRow, label func(key string) string) web.BarChart {
	ch := web.BarChart{ID: "chart-" + dim, TitleKey: "admin.stats.by_" + dim, DescKey: "chart.desc"}
	for _, r := range rows[:min(len(rows), 12)] {
		ch.Bars = append(ch.Bars, web.Bar{Label: label(r.Key), Value: strconv.Itoa(r.N), Size: float64(r.N)})
	}
	return ch
}
