package web

import (
	"html/template"
	"strings"

	"integrity-portal/internal/i18n"
)

// Office is the ethics office's contact details in the page's language, from the configuration
// (PORTAL_OFFICE_*), for the footer of every page and the privacy and accessibility pages.
type Office struct {
	Name, Address, Phone, Hours string
	Tel                         template.URL // the phone as a tel: URL in international form
}

// Office gives the office's details in the page's language.
func (p *Page) Office() Office {
	c := p.cfg
	if p.Lang == i18n.En {
		return Office{Name: c.OfficeNameEn, Address: c.OfficeAddressEn, Phone: c.OfficePhone, Hours: c.OfficeHoursEn, Tel: telURL(c.OfficePhone)}
	}
	return Office{Name: c.OfficeName, Address: c.OfficeAddress, Phone: c.OfficePhone, Hours: c.OfficeHours, Tel: telURL(c.OfficePhone)}
}

// telURL turns a number as dialled in Taiwan (04-22289111) into tel:+886422289111, so that a phone
// abroad dials it too; a number already starting with + keeps its country code.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r == '+' && i == 0 || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "0") {
		n = "+886" + n[1:]
	}
	return template.URL("tel:" + n) // digits and + only: safe in an href
}

// Retention is one retention period as the pages show it: the kind of closed case and how long it
// is kept, in years when the days make whole years.
type Retention struct {
	Outcome string // message key suffix: retention.kind.<Outcome>
	Period  string
}

// Retention lists the configured retention periods in the page's language, longest first.
func (p *Page) Retention() []Retention {
	var rs []Retention
	for _, r := range p.cfg.RetentionPeriods() {
		rs = append(rs, Retention{Outcome: r.Outcome, Period: p.period(r.Days)})
	}
	return rs
}

// Span is the shortest and the longest retention period.
type Span struct{ Shortest, Longest string }

// RetentionRange is the shortest and the longest retention period, for the footer's one line.
func (p *Page) RetentionRange() Span {
	lo, hi := 0, 0
	for i, r := range p.cfg.RetentionPeriods() {
		if i == 0 || r.Days < lo {
			lo = r.Days
		}
		hi = max(hi, r.Days)
	}
	return Span{p.period(lo), p.period(hi)}
}

// period writes a number of days as years when it is a whole number of years of 365 days (the
// configuration's defaults are), else as days.
func (p *Page) period(days int) string {
	switch {
	case days == 365:
		return p.T("retention.year")
	case days%365 == 0:
		return p.T("retention.years", days/365)
	}
	return p.T("retention.days", days)
}
