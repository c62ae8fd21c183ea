package indicators

import (
	"strings"
	"time"
)

// r003 is "Short submission period": the tender period (/tender/tenderPeriod endDate − startDate,
// in whole days, truncated) is shorter than the threshold (default 15 days, or the threshold for
// the process's procurementMethodDetails). Value 1.0. Processes whose dates are missing or not
// RFC 3339, or whose procurement method is not selected, are not checked.
type r003 struct {
	noFinalize
	threshold int64
	methods   stringSet
	byDetails map[string]int64
}

func newR003(s R003Settings) *r003 {
	x := &r003{threshold: 15, methods: newStringSet(s.ProcurementMethods), byDetails: s.ProcurementMethodDetails}
	if s.Threshold != nil {
		x.threshold = *s.Threshold
	}
	return x
}

func (x *r003) fold(r *release, st *state) {
	tender := r.tender()
	if tender == nil || !matchesProcurementMethod(tender, x.methods) {
		return
	}
	period, ok := objectAt(tender, "tenderPeriod")
	if !ok {
		return
	}
	start, ok := timeAt(period, "startDate")
	if !ok {
		return
	}
	end, ok := timeAt(period, "endDate")
	if !ok {
		return
	}
	threshold := x.threshold
	if details, ok := stringAt(tender, "procurementMethodDetails"); ok {
		if t, ok := x.byDetails[details]; ok {
			threshold = t
		}
	}
	if wholeDays(start, end) < threshold {
		flag(st.result.OCID, r.ocid, "R003", 1)
	}
}

// timeAt parses an RFC 3339 date-time; like chrono's parser, it also accepts a lowercase "t" or a
// space between date and time, and a lowercase "z".
func timeAt(m map[string]any, key string) (time.Time, bool) {
	s, ok := stringAt(m, key)
	if !ok {
		return time.Time{}, false
	}
	if len(s) > 10 && (s[10] == 't' || s[10] == ' ') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// wholeDays is end − start in days, truncated toward zero (chrono's Duration::num_days), without
// the ±292-year limit of time.Duration.
func wholeDays(start, end time.Time) int64 {
	secs := end.Unix() - start.Unix()
	nanos := end.Nanosecond() - start.Nanosecond()
	if nanos < 0 {
		secs--
		nanos += 1e9
	}
	if secs < 0 && nanos > 0 {
		secs++ // truncate toward zero
	}
	return secs / 86400
}
