package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// ErrNotFound is returned when no process, supplier or buyer has the id asked for.
var ErrNotFound = errors.New("store: not found")

// Org is an organisation as a release names it: its party id and name.
type Org struct {
	ID   string // "" when the release gives none
	Name string
}

// Money is an amount as exact decimal text, with its currency; either may be missing.
type Money struct {
	Amount   *string
	Currency *string
}

// Period is a start and an end, either of which may be missing.
type Period struct {
	Start, End *time.Time
}

// Amendment is a change to a tender, an award or a contract (變更設計／追加預算, a corrected notice).
type Amendment struct {
	Date        *time.Time
	Description string
	Rationale   string
}

// Award is one award of a process, with its suppliers.
type Award struct {
	ID, Title   string
	Status      *string
	Date        *time.Time
	Value       Money
	Suppliers   []Org
	Amendments  []Amendment
	ContractEnd *time.Time // contractPeriod/endDate
}

// Contract is one contract of a process.
type Contract struct {
	ID, AwardID, Title string
	Status             *string
	DateSigned         *time.Time
	Period             Period
	Value              Money
	Amendments         []Amendment
}

// TenderDetail is what a tender's page shows, read from its compiled release.
type TenderDetail struct {
	OCID              string
	Title             string
	Description       string
	Buyer             *Org
	ProcuringEntity   *Org
	Method            *string // procurementMethod code
	MethodDetails     *string // the publisher's own words, e.g. 限制性招標
	Category          *string
	Status            *string
	Value             Money // the budget (tender/value)
	TenderPeriod      Period
	AwardPeriod       Period
	NumberOfTenderers *int32 // as stored: numberOfTenderers, else the length of the bidder list
	Tenderers         []Org
	Amendments        []Amendment // of the tender
	Awards            []Award
	Contracts         []Contract
	Bids              []Bid      // bids/details, when published
	Documents         []Document // with a web address: the notices at their source first
	ReleaseDate       time.Time
	ReleaseCount      int
	IsDemo            bool
}

// Tender reads the process ocid for its page, or returns ErrNotFound.
func Tender(ctx context.Context, db database.DB, ocid string) (TenderDetail, error) {
	var d TenderDetail
	var compiled string
	err := db.QueryRow(ctx, `
SELECT compiled::text, release_count, release_date, number_of_tenderers, is_demo
FROM procurement_processes WHERE ocid = $1`, ocid).
		Scan(&compiled, &d.ReleaseCount, &d.ReleaseDate, &d.NumberOfTenderers, &d.IsDemo)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: tender %s: %w", ocid, err)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(compiled)))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return d, fmt.Errorf("store: tender %s: %w", ocid, err)
	}
	d.OCID = ocid
	d.Buyer = holderRef(root, obj(root, "buyer"))

	tender := obj(root, "tender")
	d.Title = deref(text(tender, "title"))
	d.Description = deref(text(tender, "description"))
	d.ProcuringEntity = holderRef(root, obj(tender, "procuringEntity"))
	d.Method = text(tender, "procurementMethod")
	d.MethodDetails = text(tender, "procurementMethodDetails")
	d.Category = text(tender, "mainProcurementCategory")
	d.Status = text(tender, "status")
	d.Value = money(obj(tender, "value"))
	d.TenderPeriod = period(obj(tender, "tenderPeriod"))
	d.AwardPeriod = period(obj(tender, "awardPeriod"))
	d.Tenderers = orgList(root, tender["tenderers"])
	d.Amendments = amendments(tender["amendments"])

	for _, a := range list(root["awards"]) {
		aw := asObj(a)
		d.Awards = append(d.Awards, Award{
			ID: deref(text(aw, "id")), Title: deref(text(aw, "title")), Status: text(aw, "status"),
			Date: date(aw, "date"), Value: money(obj(aw, "value")), Suppliers: holderList(root, aw["suppliers"]),
			Amendments: amendments(aw["amendments"]), ContractEnd: date(obj(aw, "contractPeriod"), "endDate"),
		})
	}
	for _, c := range list(root["contracts"]) {
		co := asObj(c)
		d.Contracts = append(d.Contracts, Contract{
			ID: deref(text(co, "id")), AwardID: deref(text(co, "awardID")), Title: deref(text(co, "title")),
			Status: text(co, "status"), DateSigned: date(co, "dateSigned"), Period: period(obj(co, "period")),
			Value: money(obj(co, "value")), Amendments: amendments(co["amendments"]),
		})
	}
	d.Bids = bids(root)
	d.Documents = documents(root)
	if d.Title == "" {
		for _, a := range d.Awards {
			if a.Title != "" {
				d.Title = a.Title
				break
			}
		}
	}
	return d, nil
}

// CompiledRelease returns the stored compiled release of ocid as JSON, or ErrNotFound.
func CompiledRelease(ctx context.Context, db database.DB, ocid string) ([]byte, error) {
	var b []byte
	err := db.QueryRow(ctx, `SELECT compiled::text FROM procurement_processes WHERE ocid = $1`, ocid).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: compiled release %s: %w", ocid, err)
	}
	return b, nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// orgRef reads an organisation reference, naming it from the parties when it carries only an id.
func orgRef(root, ref map[string]any) *Org {
	if ref == nil {
		return nil
	}
	o := Org{ID: deref(text(ref, "id")), Name: deref(text(ref, "name"))}
	if o.Name == "" && o.ID != "" {
		o.Name = partyName(root, o.ID)
	}
	if o.ID == "" && o.Name == "" {
		return nil
	}
	return &o
}

// holderRef reads a buyer or an award's supplier: an organisation with a page, whose id is derived
// as the page's is (partyID) when the reference gives none.
func holderRef(root, ref map[string]any) *Org {
	if ref == nil {
		return nil
	}
	o := Org{ID: deref(partyID(ref)), Name: partyLabel(root, ref)}
	if o.ID == "" && o.Name == "" {
		return nil
	}
	return &o
}

func holderList(root map[string]any, v any) []Org {
	var out []Org
	for _, r := range list(v) {
		if o := holderRef(root, asObj(r)); o != nil {
			out = append(out, *o)
		}
	}
	return out
}

func orgList(root map[string]any, v any) []Org {
	var out []Org
	for _, r := range list(v) {
		if o := orgRef(root, asObj(r)); o != nil {
			out = append(out, *o)
		}
	}
	return out
}

func money(m map[string]any) Money {
	return Money{Amount: amount(m["amount"]), Currency: text(m, "currency")}
}

func period(m map[string]any) Period {
	return Period{Start: date(m, "startDate"), End: date(m, "endDate")}
}

func amendments(v any) []Amendment {
	var out []Amendment
	for _, a := range list(v) {
		am := asObj(a)
		out = append(out, Amendment{Date: date(am, "date"), Description: deref(text(am, "description")),
			Rationale: deref(text(am, "rationale"))})
	}
	return out
}
