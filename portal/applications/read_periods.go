package applications

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/csvimport"
)

// PeriodRow is one row of a periods file, checked: a service of an agency and its published
// processing period from an effective date.
type PeriodRow struct {
	Line                     int
	AgencyCode, AgencyName   string
	AgencyNameEn             string
	ServiceCode, ServiceName string
	ServiceNameEn            string
	Period                   Period
	Published                bool      // false: the agency publishes no period (two months apply)
	EffectiveFrom            time.Time // zero: for every application before a later period
	Source                   string
}

// notPublished are what a period cell says when there is no published period; blank says it too.
var notPublished = map[string]bool{"未訂定": true, "未訂": true, "無": true, "none": true, "not_published": true}

// ReadPeriods reads a periods file. It returns its rows only when none is rejected. The rows of a
// file must agree: one name per agency code and per service, one period per service and effective
// date (a row that repeats another adds nothing). The error is non-nil when the file cannot be read
// as a whole.
func ReadPeriods(r io.Reader, opts Options) ([]PeriodRow, *Result, error) {
	s, err := openSheet(r, opts.Encoding, periodsFormat)
	if err != nil {
		return nil, nil, err
	}
	var rows []PeriodRow
	agencies := map[string]*PeriodRow{}
	services := map[ServiceKey]*PeriodRow{}
	type periodKey struct {
		ServiceKey
		from time.Time
	}
	periods := map[periodKey]*PeriodRow{}
	for {
		ok, err := s.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		before := s.rej.total
		p := parsePeriodRow(s)
		if s.rej.total > before {
			continue
		}
		if a := agencies[p.AgencyCode]; a == nil {
			agencies[p.AgencyCode] = &p
		} else {
			s.agree(pAgencyName, a.Line, a.AgencyName, p.AgencyName)
			s.agree(pAgencyNameEn, a.Line, a.AgencyNameEn, p.AgencyNameEn)
		}
		key := ServiceKey{p.AgencyCode, p.ServiceCode}
		if sv := services[key]; sv == nil {
			services[key] = &p
		} else {
			s.agree(pServiceName, sv.Line, sv.ServiceName, p.ServiceName)
			s.agree(pServiceNameEn, sv.Line, sv.ServiceNameEn, p.ServiceNameEn)
		}
		pk := periodKey{key, p.EffectiveFrom}
		if q := periods[pk]; q != nil {
			if q.Period != p.Period || q.Published != p.Published {
				s.rejectWhy(pPeriod, fmt.Sprintf("%s differs from line %d for the same service and %s: %s there", csvimport.Quote(s.cells[pPeriod]), q.Line, s.name(pEffective), describe(q)),
					problem.List{{Code: "period.differs_" + describeCode(q), Value: problem.Clip(s.cells[pPeriod]), Args: []string{strconv.Itoa(q.Line), s.name(pEffective), strconv.Itoa(q.Period.Value)}}})
			}
			continue
		}
		periods[pk] = &p
		rows = append(rows, p)
	}
	res := s.result()
	if res.Problems > 0 {
		rows = nil
	}
	return rows, res, nil
}

// agree rejects the current row's cell of column c when it differs from what line said.
func (s *sheet) agree(c, line int, there, here string) {
	if there != here && !sameName(there, here) {
		s.rejectWhy(c, fmt.Sprintf("%s differs from line %d for the same code: %s there", csvimport.Quote(here), line, csvimport.Quote(there)),
			problem.List{{Code: "period.name_differs", Value: problem.Clip(here), Args: []string{strconv.Itoa(line), problem.Clip(there)}}})
	}
}

// describeCode is describe's message code: which unit, or none.
func describeCode(p *PeriodRow) string {
	if !p.Published {
		return "none"
	}
	return string(p.Period.Unit)
}

func describe(p *PeriodRow) string {
	if !p.Published {
		return "none published"
	}
	return p.Period.String()
}

func parsePeriodRow(s *sheet) PeriodRow {
	p := PeriodRow{Line: s.line}
	for c, col := range s.f.columns {
		if col.required && c != pPeriod && s.cells[c] == "" && !s.bad[c] {
			s.reject(c, "is empty: every row needs it", problem.Of("cell.empty"))
		}
	}
	if code := s.cells[pAgencyCode]; code != "" {
		if _, err := csvimport.AgencyCode(code); err != nil {
			s.rejectCellErr(pAgencyCode, err)
		}
		p.AgencyCode = code
	}
	if code := s.cells[pServiceCode]; code != "" {
		if err := codeCell(code); err != nil {
			s.rejectCellErr(pServiceCode, err)
		}
		p.ServiceCode = code
	}
	p.AgencyName, p.AgencyNameEn = s.cells[pAgencyName], s.cells[pAgencyNameEn]
	p.ServiceName, p.ServiceNameEn = s.cells[pServiceName], s.cells[pServiceNameEn]
	p.Source = s.cells[pSource]
	if cell := s.cells[pPeriod]; cell != "" && !notPublished[wordKey(cell)] {
		period, err := parsePeriod(cell, s.cells[pUnit])
		if err != nil {
			s.rejectCellErr(pPeriod, err)
		}
		p.Period, p.Published = period, true
	} else if !s.bad[pPeriod] && s.cells[pUnit] != "" {
		s.reject(pUnit, "is given, but "+s.name(pPeriod)+" is not: give the period, or neither", problem.Of("period.unit_alone", s.name(pPeriod)))
	}
	if cell := s.cells[pEffective]; cell != "" {
		t, err := csvimport.ParseDate(cell)
		if err != nil {
			s.rejectCellErr(pEffective, err)
		}
		p.EffectiveFrom = civil(t)
	}
	return p
}
