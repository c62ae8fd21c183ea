package csvimport

import (
	"fmt"
	"strconv"

	"integrity-portal/internal/problem"
)

// Which columns describe the process, which an award, and which a supplier: rows must agree on them
// within their process, award and supplier.
var (
	processColumns = []column{colCase, colBuyerID, colBuyerName, colTitle, colMethod, colCategory,
		colTenderValue, colTenderStart, colTenderEnd, colTenderers, colCurrency}
	awardColumns = []column{colAwardDate, colAwardValue}
)

// fieldsOf holds the values rows gave for some columns, and the line each came from.
type fieldsOf struct {
	vals  [numColumns]string
	cells [numColumns]string
	lines [numColumns]int
}

// conflicts returns a rejection for each column where the row gives a value other than the one
// already given; what names the group ("process", "award 1"), and group (ocid, award or supplier)
// with the column and value that make it (refCol, ref) say the same for the catalogues. A blank cell
// never conflicts.
func (f *fieldsOf) conflicts(h *header, r *row, cols []column, what, group, refCol, ref string) []Rejection {
	var out []Rejection
	for _, c := range cols {
		if r.vals[c] == "" || f.vals[c] == "" || r.vals[c] == f.vals[c] {
			continue
		}
		out = append(out, Rejection{Line: r.line, Column: h.nameOf(c), Reason: fmt.Sprintf(
			"differs from line %d for the same %s: %s here, %s there", f.lines[c], what, Quote(r.cells[c]), Quote(f.cells[c])),
			Problems: problem.List{problem.Of("row.differs_"+group, f.lines[c], problem.Clip(r.cells[c]), problem.Clip(f.cells[c]), refCol, ref)}})
	}
	return out
}

// fill takes the row's values for the columns not given yet.
func (f *fieldsOf) fill(r *row, cols []column) {
	for _, c := range cols {
		if f.vals[c] == "" && r.vals[c] != "" {
			f.vals[c], f.cells[c], f.lines[c] = r.vals[c], r.cells[c], r.line
		}
	}
}

// process is the rows of one ocid.
type process struct {
	ocid   string
	line   int // its first row
	fields fieldsOf
	awards []*award
	byID   map[string]*award
	// supplierName holds each supplier's name by 統一編號, which must be one within a process.
	supplierName map[string]*fieldsOf
}

// award is the rows of one 決標項次 of a process.
type award struct {
	id        string
	fields    fieldsOf
	suppliers []supplier
}

// supplier is one supplier of an award: by code, or by name when it has none.
type supplier struct{ code, name string }

// grouper groups rows into processes, in the order of their first rows.
type grouper struct {
	h         *header
	processes []*process
	byOCID    map[string]*process
}

func newGrouper(h *header) *grouper { return &grouper{h: h, byOCID: map[string]*process{}} }

// add adds a checked row to its process and award, or returns why it conflicts with earlier rows (in
// which case it adds nothing).
func (g *grouper) add(r *row) []Rejection {
	p := g.byOCID[r.ocid]
	if p == nil {
		p = &process{ocid: r.ocid, line: r.line, byID: map[string]*award{}, supplierName: map[string]*fieldsOf{}}
		g.byOCID[r.ocid] = p
		g.processes = append(g.processes, p)
	}
	probs := p.fields.conflicts(g.h, r, processColumns, "ocid", "process", "", "")
	awardID := r.vals[colAwardID]
	if awardID == "" {
		awardID = "1"
	}
	a := p.byID[awardID]
	if a != nil && r.hasAward() {
		probs = append(probs, a.fields.conflicts(g.h, r, awardColumns, "award ("+g.h.nameOf(colAwardID)+" "+awardID+")", "award", g.h.nameOf(colAwardID), awardID)...)
	}
	code := r.vals[colSupplierID]
	if name := p.supplierName[code]; code != "" && name != nil {
		probs = append(probs, name.conflicts(g.h, r, []column{colSupplierName}, "supplier ("+g.h.nameOf(colSupplierID)+" "+code+")", "supplier", g.h.nameOf(colSupplierID), code)...)
	}
	if len(probs) > 0 {
		return probs
	}

	p.fields.fill(r, processColumns)
	if !r.hasAward() {
		return nil
	}
	if a == nil {
		a = &award{id: awardID}
		p.byID[awardID] = a
		p.awards = append(p.awards, a)
	}
	a.fields.fill(r, awardColumns)
	if code != "" {
		if p.supplierName[code] == nil {
			p.supplierName[code] = &fieldsOf{}
		}
		p.supplierName[code].fill(r, []column{colSupplierName})
	}
	s := supplier{code: code, name: r.vals[colSupplierName]}
	if code != "" {
		s.name = "" // the process's name for that code, at the end
	}
	if s != (supplier{}) && !containsSupplier(a.suppliers, s) {
		a.suppliers = append(a.suppliers, s) // a row repeating a supplier of the award adds nothing
	}
	return nil
}

func containsSupplier(list []supplier, s supplier) bool {
	for _, t := range list {
		if t == s {
			return true
		}
	}
	return false
}

// check returns the problems of a whole process, once all rows are in: it needs a date (a release
// has one), and its tender cannot close before it opens.
func (p *process) check(h *header) []Rejection {
	f := &p.fields
	if f.vals[colTenderStart] == "" && f.vals[colTenderEnd] == "" && !p.hasAwardDate() {
		return []Rejection{{Line: p.line, Reason: fmt.Sprintf("the process %s has no date: give %s, %s or %s on one of its rows",
			p.ocid, h.nameOf(colTenderStart), h.nameOf(colTenderEnd), h.nameOf(colAwardDate)),
			Problems: problem.List{problem.Of("process.no_date", p.ocid, h.nameOf(colTenderStart), h.nameOf(colTenderEnd), h.nameOf(colAwardDate))}}}
	}
	if start, end := f.vals[colTenderStart], f.vals[colTenderEnd]; start != "" && end != "" && end < start {
		return []Rejection{{Line: f.lines[colTenderEnd], Column: h.nameOf(colTenderEnd), Reason: fmt.Sprintf(
			"%s is before %s %s (line %d)", Quote(f.cells[colTenderEnd]), h.nameOf(colTenderStart), Quote(f.cells[colTenderStart]), f.lines[colTenderStart]),
			Problems: problem.List{{Code: "process.end_before_start", Value: problem.Clip(f.cells[colTenderEnd]),
				Args: []string{h.nameOf(colTenderStart), problem.Clip(f.cells[colTenderStart]), strconv.Itoa(f.lines[colTenderStart])}}}}}
	}
	return nil
}

func (p *process) hasAwardDate() bool {
	for _, a := range p.awards {
		if a.fields.vals[colAwardDate] != "" {
			return true
		}
	}
	return false
}
