package applications

import "time"

// DueDate returns the last day of an application's processing period: period p from the day after
// received, extended by extensionDays (in p's kind of day), then by the days suspended for 補正
// (calendar days), and moved to the next working day when it is not one. The package comment
// gives the rule and its sources; recompute.go counts the same way in SQL.
func DueDate(received time.Time, p Period, extensionDays, suspendedDays int, cal *Calendar) time.Time {
	var end time.Time
	switch p.Unit {
	case WorkingDays:
		end = cal.AddWorkingDays(received, p.Value+extensionDays)
	case Months:
		end = addMonths(received, p.Value).AddDate(0, 0, extensionDays)
	default:
		end = received.AddDate(0, 0, p.Value+extensionDays)
	}
	return cal.OnOrAfter(end.AddDate(0, 0, suspendedDays))
}

// addMonths returns the day of d's number n months later, or that month's last day when it has no
// such day (Civil Code §121 II): January 31 plus one month is February 28 or 29. PostgreSQL's
// date + interval 'n months' does the same.
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date(first.Year(), first.Month(), min(day, last))
}

// ProcessingDays is how long an application took, in calendar days, without the days suspended
// for 補正: closed − received − suspended.
func ProcessingDays(received, closed time.Time, suspendedDays int) int {
	return int(closed.Sub(received).Hours()/24) - suspendedDays
}
