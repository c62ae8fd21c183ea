package admin

import "fmt"

// barChart is a small server-drawn SVG bar chart: no script, drawn with presentation attributes only
// (the CSP forbids inline styles), with its numbers also given as a table beside it.
type barChart struct {
	Width, Height int
	Bars          []bar
	Max           int
}

type bar struct {
	X, Y, W, H int
	LabelX     int
	Label      string
	Value      int
}

func intakeChart(months []monthCount) barChart {
	ch := barChart{Width: 600, Height: 200}
	for _, m := range months {
		ch.Max = max(ch.Max, m.N)
	}
	if len(months) == 0 {
		return ch
	}
	slot := ch.Width / len(months)
	for i, m := range months {
		h := 0
		if ch.Max > 0 {
			h = m.N * 150 / ch.Max
		}
		ch.Bars = append(ch.Bars, bar{
			X: i*slot + 6, Y: 170 - h, W: slot - 12, H: h, LabelX: i*slot + slot/2,
			Label: fmt.Sprintf("%d/%d", m.Month.Year()-1911, int(m.Month.Month())), Value: m.N,
		})
	}
	return ch
}

// rowsChart draws counts as bars, at most 12, largest first as the rows come.
func rowsChart(rows []StatRow) barChart {
	months := make([]monthCount, 0, len(rows))
	ch := barChart{Width: 600, Height: 200}
	for i, r := range rows {
		if i == 12 {
			break
		}
		ch.Max = max(ch.Max, r.N)
		months = append(months, monthCount{N: r.N})
	}
	if len(months) == 0 {
		return ch
	}
	slot := ch.Width / len(months)
	for i, r := range rows[:len(months)] {
		h := 0
		if ch.Max > 0 {
			h = r.N * 150 / ch.Max
		}
		ch.Bars = append(ch.Bars, bar{X: i*slot + 6, Y: 170 - h, W: slot - 12, H: h, LabelX: i*slot + slot/2, Label: r.Key, Value: r.N})
	}
	return ch
}
