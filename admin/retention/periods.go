package retention

import (
	"encoding/json"
	"time"

	"integrity-portal/internal/config"
)

// WarnAhead is how long before shredding officers are warned, and the least time between a warning
// and the shredding.
const WarnAhead = 30 * 24 * time.Hour

// Periods are retention periods in days after closure: per outcome for reports, one for suggestions.
type Periods struct {
	Outcome    map[string]int // substantiated, unsubstantiated, cleared, not_accepted, transferred, merged
	Suggestion int
}

// FromConfig reads the periods from the configuration, whose list the public privacy page shows too.
func FromConfig(cfg config.Config) Periods {
	p := Periods{Outcome: map[string]int{}}
	for _, r := range cfg.RetentionPeriods() {
		if r.Outcome == "suggestion" {
			p.Suggestion = r.Days
			continue
		}
		p.Outcome[r.Outcome] = r.Days
	}
	return p
}

// longest is the period for a closed report with no outcome recorded: keeping it longest is the
// mistake that can be undone.
func (p Periods) longest() int {
	n := p.Suggestion
	for _, d := range p.Outcome {
		n = max(n, d)
	}
	return n
}

// sqlArgs gives the periods as the JSON object and fallback the due-date SQL reads.
func (p Periods) sqlArgs() (string, int) {
	m := map[string]int{"suggestion": p.Suggestion}
	for k, v := range p.Outcome {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return string(b), p.longest()
}
