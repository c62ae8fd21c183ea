package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Paging and counting limits.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// CountCap bounds counting: with more matches, Page.Total is CountCap and Page.TotalCapped is set
	// ("10,000+"), and pages beyond it are not served (refine the search instead).
	CountCap = 10000
	// MaxKeyword bounds a keyword's length in characters.
	MaxKeyword = 100
)

// ErrBadQuery is returned, wrapped, for a query that cannot be run (a filter out of range).
var ErrBadQuery = errors.New("store: bad search query")

// FlagAny is the Query.Flag value that keeps processes with any flag.
const FlagAny = "any"

// ProcessFlags are the indicator codes that flag processes (see portal/procurement/flags, whose
// test keeps the two lists equal): the values Query.Flag accepts besides "" and FlagAny.
var ProcessFlags = []string{"R003", "R018", "R024", "R028", "R030", "R035", "R036", "R058"}

// Sort orders search results.
type Sort string

const (
	SortDateDesc  Sort = ""          // latest first (the default)
	SortDateAsc   Sort = "date"      // earliest first
	SortValueDesc Sort = "value"     // largest amount first, unknown amounts last
	SortValueAsc  Sort = "value_asc" // smallest amount first, unknown amounts last
)

// Query is a search of processes. Zero fields do not filter.
type Query struct {
	Keyword    string   // substring of the title or the buyer's name (see Search)
	BuyerID    string   // 機關代碼
	SupplierID string   // 統一編號, among the suppliers of counted awards
	Method     string   // procurementMethod: open, selective, limited, direct
	Category   string   // mainProcurementCategory: goods, works, services
	Year       int      // Western year of the process date, in Taiwan time
	MinValue   *float64 // amount (awarded, else estimated) at least
	MaxValue   *float64 // amount at most
	NoDemo     bool     // leave out demo data
	Flag       string   // red flags of the last recomputation: FlagAny, or one of ProcessFlags
	Sort       Sort
	Page       int // 1-based; 0 means 1
	PageSize   int // 0 means DefaultPageSize; at most MaxPageSize
}

// Item is one process in search results.
type Item struct {
	OCID              string     `db:"ocid"`
	Title             string     `db:"title"`
	BuyerID           *string    `db:"buyer_id"`
	BuyerName         string     `db:"buyer_name"`
	Method            *string    `db:"procurement_method"`
	MethodDetails     *string    `db:"method_details"`
	Category          *string    `db:"main_category"`
	Status            *string    `db:"tender_status"`
	Date              time.Time  `db:"process_date"`
	TenderValue       *string    `db:"tender_value"` // exact decimal text
	TenderCurrency    *string    `db:"tender_currency"`
	AwardValue        *string    `db:"award_value"`
	AwardCurrency     *string    `db:"award_currency"`
	AwardDate         *time.Time `db:"award_date"`
	TenderStart       *time.Time `db:"tender_start"` // when set, Date is this
	NumberOfTenderers *int32     `db:"number_of_tenderers"`
	SupplierIDs       []string   `db:"supplier_ids"`
	IsDemo            bool       `db:"is_demo"`
}

// Page is one page of search results.
type Page struct {
	Items       []Item
	Total       int  // matches, at most CountCap
	TotalCapped bool // there are more than CountCap matches: show "10,000+"
	Page        int
	PageSize    int
	HasNext     bool
}

// taipei is Taiwan time, for years: UTC+8 all year since 1980, so no time zone database is needed.
var taipei = time.FixedZone("Asia/Taipei", 8*60*60)

// Search finds processes whose title (or buyer name) contains the keyword as a substring, with filters
// (buyer id, supplier id, method, category, year, value range, red flag), sorting (date desc default, value),
// LIMIT-first paging, and a capped count ("10,000+").
//
// The keyword and the text are compared after normalisation (full-width to ASCII, lower case, 台 as
// 臺, white space runs as one space). The search_terms index (character bigrams, see Bigrams) narrows
// the candidates, and strpos on the normalised text confirms each, so a result always holds the
// keyword as written: 臺中市 never matches a title that has 臺中 and 中市 apart. A keyword without a
// usable bigram or word (a single CJK character) is looked up as a prefix of the indexed lexemes,
// which include the last character of each CJK run, so every occurrence is found; a keyword that is
// only part of one Latin/digit word ("led" may be inside "oled") is confirmed by a scan in sort
// order, which stops at the page's end.
//
// The page's rows are fetched first, LIMIT-first, in index order where the planner finds it
// cheaper, but walking at most a bounded part of the index (see statements); the total is counted
// only when the page does not settle it, and never beyond CountCap.
func Search(ctx context.Context, db database.DB, q Query) (Page, error) {
	page, offset, err := q.newPage()
	if err != nil {
		return page, err
	}

	st, err := q.statements(page.PageSize+1, offset)
	if err != nil {
		return page, err
	}
	rows, err := db.Query(ctx, st.page, st.pageArgs...)
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	page.Items, err = pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	more := len(page.Items) > page.PageSize
	if more {
		page.Items = page.Items[:page.PageSize]
		page.HasNext = offset+page.PageSize < CountCap
	}

	// A short page (with rows, or the first page) settles the total without counting.
	if !more && (len(page.Items) > 0 || offset == 0) {
		page.Total = offset + len(page.Items)
		return page, nil
	}
	if err := db.QueryRow(ctx, st.count, st.countArgs...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("store: search: count: %w", err)
	}
	if page.Total > CountCap {
		page.Total, page.TotalCapped = CountCap, true
	}
	return page, nil
}

// newPage returns the empty page that q asks for, with the number of results before it; an error
// for a page beyond the first CountCap results.
func (q Query) newPage() (Page, int, error) {
	page := Page{Page: max(q.Page, 1), PageSize: q.PageSize}
	if page.PageSize <= 0 {
		page.PageSize = DefaultPageSize
	}
	page.PageSize = min(page.PageSize, MaxPageSize)
	offset := (page.Page - 1) * page.PageSize
	if offset >= CountCap {
		return page, offset, fmt.Errorf("%w: page %d is beyond the first %d results", ErrBadQuery, page.Page, CountCap)
	}
	return page, offset, nil
}

// itemColumns are the columns of an Item, for every statement that reads processes as Items.
const itemColumns = `ocid, title, buyer_id, buyer_name, procurement_method, method_details, main_category,
    tender_status, process_date, tender_value::text AS tender_value, tender_currency,
    award_value::text AS award_value, award_currency, award_date, number_of_tenderers, supplier_ids,
    is_demo, tender_start`

// statements are the SQL of a search: its rows (list, for Export), a page of them with a bounded
// walk (page, for Search), and its capped count.
type statements struct {
	list, page, count             string
	listArgs, pageArgs, countArgs []any
}

// statements returns the SQL of q, fetching limit rows from offset.
func (q Query) statements(limit, offset int) (statements, error) {
	where, args, err := q.filters()
	if err != nil {
		return statements{}, err
	}
	order, err := q.order()
	if err != nil {
		return statements{}, err
	}
	n := len(args)
	list := `
SELECT ` + itemColumns + `
FROM procurement_processes
WHERE ` + where + `
ORDER BY ` + order + `
LIMIT $` + strconv.Itoa(n+1) + ` OFFSET $` + strconv.Itoa(n+2)
	page, pageArgs := q.page(where, order, n)
	count := `SELECT count(*) FROM (SELECT 1 FROM procurement_processes WHERE ` + where +
		` LIMIT ` + strconv.Itoa(CountCap+1) + `) AS m`
	// Each search is planned for its own keyword: the unnamed statement of QueryExecModeExec is never
	// given a generic plan, which, not knowing how common the keyword is, would pick one plan for
	// 路燈 (5% of titles: walk the date index) and 纜車 (0.1%: bitmap from the bigram index) alike.
	args = append([]any{pgx.QueryExecModeExec}, args...)
	return statements{
		list:      list,
		listArgs:  append(slices.Clip(args), limit, offset),
		page:      page,
		pageArgs:  append(append(slices.Clip(args), pageArgs...), walkBound+2*(limit+offset), limit+offset, limit, offset),
		count:     count,
		countArgs: args,
	}, nil
}

// filters returns the WHERE clause of q and its arguments.
func (q Query) filters() (string, []any, error) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}

	kw := normalize(q.Keyword)
	if len([]rune(kw)) > MaxKeyword {
		return "", nil, fmt.Errorf("%w: keyword longer than %d characters", ErrBadQuery, MaxKeyword)
	}
	if kw != "" {
		if terms := queryTerms(kw); len(terms) > 0 {
			conds = append(conds, "search_terms @@ "+arg(tsquery(terms))+"::tsquery")
		}
		conds = append(conds, "strpos(search_text, "+arg(kw)+") > 0")
	}
	if q.BuyerID != "" {
		conds = append(conds, "buyer_id = "+arg(q.BuyerID))
	}
	if q.SupplierID != "" {
		conds = append(conds, "supplier_ids @> ARRAY["+arg(q.SupplierID)+"::text]")
	}
	if q.Method != "" {
		conds = append(conds, "procurement_method = "+arg(q.Method))
	}
	if q.Category != "" {
		conds = append(conds, "main_category = "+arg(q.Category))
	}
	if q.Year != 0 {
		if q.Year < 1900 || q.Year > 9998 {
			return "", nil, fmt.Errorf("%w: year %d", ErrBadQuery, q.Year)
		}
		from := time.Date(q.Year, 1, 1, 0, 0, 0, 0, taipei)
		conds = append(conds, "process_date >= "+arg(from)+" AND process_date < "+arg(from.AddDate(1, 0, 0)))
	}
	for _, v := range []*float64{q.MinValue, q.MaxValue} {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			return "", nil, fmt.Errorf("%w: value bound %v", ErrBadQuery, *v)
		}
	}
	if q.MinValue != nil {
		conds = append(conds, "amount >= "+arg(*q.MinValue)+"::numeric")
	}
	if q.MaxValue != nil {
		conds = append(conds, "amount <= "+arg(*q.MaxValue)+"::numeric")
	}
	if q.NoDemo {
		conds = append(conds, "NOT is_demo")
	}
	switch {
	case q.Flag == "":
	case q.Flag == FlagAny:
		conds = append(conds, `EXISTS (SELECT 1 FROM procurement_flags f
    WHERE f.subject_type = 'ocid' AND f.subject_id = procurement_processes.ocid)`)
	case slices.Contains(ProcessFlags, q.Flag):
		conds = append(conds, `EXISTS (SELECT 1 FROM procurement_flags f
    WHERE f.subject_type = 'ocid' AND f.subject_id = procurement_processes.ocid AND f.code = `+arg(q.Flag)+`)`)
	default:
		return "", nil, fmt.Errorf("%w: flag %q", ErrBadQuery, q.Flag)
	}
	if len(conds) == 0 {
		return "true", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// order returns the ORDER BY clause of q, matching an index so the first rows come without sorting.
func (q Query) order() (string, error) {
	switch q.Sort {
	case SortDateDesc:
		return "process_date DESC, ocid DESC", nil
	case SortDateAsc:
		return "process_date ASC, ocid ASC", nil
	case SortValueDesc:
		return "amount DESC NULLS LAST, ocid DESC", nil
	case SortValueAsc:
		return "amount ASC NULLS LAST, ocid ASC", nil
	}
	return "", fmt.Errorf("%w: sort %q", ErrBadQuery, q.Sort)
}
