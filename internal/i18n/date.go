package i18n

import (
	"fmt"
	"time"
)

// ROCYear is the Republic of China (民國) year of a Western year: 1912 is 民國1年. Years before 1912
// have no ROC year; they are written 民國前N年 (the year before 1912 is 民國前1年).
func ROCYear(westernYear int) int { return westernYear - 1911 }

func rocYearText(year int) string {
	if y := ROCYear(year); y >= 1 {
		return fmt.Sprintf("民國%d年", y)
	}
	return fmt.Sprintf("民國前%d年", 1912-year)
}

// Date writes a calendar date for lang. zh-TW shows the ROC year with the Western date beside it,
// as Taiwanese government documents do; English shows an unambiguous ISO date.
func Date(lang Lang, t time.Time) string {
	if lang == En {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%s%d月%d日（%s）", rocYearText(t.Year()), int(t.Month()), t.Day(), t.Format("2006-01-02"))
}

// Month writes a year and month for lang, e.g. 民國114年11月（2025-11） or Nov 2025.
func Month(lang Lang, t time.Time) string {
	if lang == En {
		return t.Format("Jan 2006")
	}
	return fmt.Sprintf("%s%d月（%s）", rocYearText(t.Year()), int(t.Month()), t.Format("2006-01"))
}
