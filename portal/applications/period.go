package applications

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"integrity-portal/internal/problem"
)

// Unit is the kind of time a processing period is counted in.
type Unit string

const (
	CalendarDays Unit = "calendar_days"
	WorkingDays  Unit = "working_days"
	Months       Unit = "months"
)

// Period is a processing period: Value units.
type Period struct {
	Value int
	Unit  Unit
}

// DefaultPeriod applies where an agency publishes none: two months (APA §51 II).
var DefaultPeriod = Period{Value: 2, Unit: Months}

// Bounds of a believable period: APA §51 III wants at most four months unless a law says more, so
// a period of years is a typing mistake.
const (
	maxPeriodDays   = 1095
	maxPeriodMonths = 36
)

func (p Period) String() string {
	switch p.Unit {
	case WorkingDays:
		return fmt.Sprintf("%d working days", p.Value)
	case Months:
		return fmt.Sprintf("%d months", p.Value)
	}
	return fmt.Sprintf("%d days", p.Value)
}

// unitWords are the ways tables write a unit, zh and en, after a number or in a unit column.
var unitWords = map[string]Unit{
	"日": CalendarDays, "天": CalendarDays, "日曆天": CalendarDays, "日曆日": CalendarDays,
	"calendar_days": CalendarDays, "calendar_day": CalendarDays, "days": CalendarDays, "day": CalendarDays, "d": CalendarDays,
	"工作天": WorkingDays, "工作日": WorkingDays, "個工作天": WorkingDays, "個工作日": WorkingDays,
	"working_days": WorkingDays, "working_day": WorkingDays, "workdays": WorkingDays, "business_days": WorkingDays,
	"月": Months, "個月": Months, "months": Months, "month": Months,
}

// sameDay are periods shorter than a day, which published tables write for counter services:
// records carry dates only, so such an application is due the day it is received.
var sameDay = []string{"隨到隨辦", "當日", "當天", "即時", "立即", "same_day"}

// parsePeriod reads a period cell and the unit cell beside it (either may carry the unit): "7",
// "7日", "10個工作天", "2個月", "1年" (12 months), "隨到隨辦" or "30分鐘" (0 days, see sameDay), with
// the unit 日, 工作天, 月 (or calendar_days, working_days, months) written after the number or in
// the unit cell.
func parsePeriod(cell, unitCell string) (Period, error) {
	s := strings.ToLower(strings.ReplaceAll(width.Narrow.String(strings.TrimSpace(cell)), " ", ""))
	for _, w := range sameDay {
		if s == w {
			return Period{0, CalendarDays}, nil
		}
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	if i < 0 {
		i = len(s)
	}
	num, word := s[:i], strings.TrimPrefix(s[i:], "_")
	switch {
	case num == "":
		return Period{}, problem.New("is not a period (write 7日, 10工作天, 2個月, or a number with a unit)", "period.invalid")
	case strings.HasPrefix(word, "."):
		return Period{}, problem.New("is not a whole number of days or months", "period.not_whole")
	}
	n, err := strconv.Atoi(num)
	if err != nil || n > 100_000 {
		return Period{}, problem.New("is too long a period", "period.too_long_number")
	}
	u := strings.ToLower(strings.Join(strings.Fields(unitCell), "_"))
	switch word {
	case "小時", "時", "分鐘", "分", "hours", "hour", "minutes", "minute":
		return Period{0, CalendarDays}, nil
	case "年", "years", "year":
		word, n = "months", n*12
	}
	unit, ok := unitWords[word]
	switch {
	case word != "" && !ok:
		return Period{}, problem.New(fmt.Sprintf("has an unknown unit %q (日, 工作天, 月)", word), "period.unit_unknown", problem.Clip(word))
	case u != "":
		uu, ok := unitWords[strings.TrimPrefix(u, "個")]
		if !ok {
			uu, ok = unitWords[u]
		}
		if !ok {
			return Period{}, problem.New(fmt.Sprintf("has an unknown unit %q in the unit column (日, 工作天, 月, or calendar_days, working_days, months)", unitCell), "period.unit_column_unknown", problem.Clip(unitCell))
		}
		if word != "" && uu != unit {
			return Period{}, problem.New(fmt.Sprintf("says %s, but the unit column says %s", unit, uu), "period.unit_conflict")
		}
		unit = uu
	case word == "":
		return Period{}, problem.New("has no unit: write 日, 工作天 or 月 after the number, or fill the unit column", "period.no_unit")
	}
	if (unit == Months && n > maxPeriodMonths) || (unit != Months && n > maxPeriodDays) {
		return Period{}, problem.New(fmt.Sprintf("is longer than %d months or %d days: is it a mistake?", maxPeriodMonths, maxPeriodDays), "period.too_long", maxPeriodMonths, maxPeriodDays)
	}
	return Period{n, unit}, nil
}
