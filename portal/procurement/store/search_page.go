package store

import (
	"strconv"
	"strings"
	"time"
)

// walkBound is how many processes, in the order of the results, a page's walk reads at most before
// it gives up on the order's index (see page), besides twice the rows the page needs.
var walkBound = 2000

// itemNames are the names of itemColumns.
const itemNames = `ocid, title, buyer_id, buyer_name, procurement_method, method_details, main_category,
    tender_status, process_date, tender_value, tender_currency, award_value, award_currency, award_date,
    number_of_tenderers, supplier_ids, is_demo, tender_start`

// page returns the SQL of a page of Search, given the search's WHERE clause and ORDER BY clause and
// the number of their arguments n, and the arguments of its own filters; the statement's last four
// arguments follow: the walk's bound, limit+offset, limit and offset.
//
// A page is fetched LIMIT-first by walking the order's index while matches are dense, which is what
// the planner does when it expects them to be. It takes the filters for independent, so a search
// for a keyword common in one category, filtered by another (路燈, 5% of titles, in goods), would
// walk the whole table to find nothing: seconds at a million processes. Here the walk reads at most
// the first bound processes, from where the filters on the order's first key (a year, an amount
// range) let the index start. If they fill the page, that is the page. If they hold some matches,
// the page is planned again as usual: matches are rarer than the planner thought, but there are
// some. If they hold none, it is planned without the order's index (its first key is an
// expression), so that finding nothing costs at most the keyword's bitmap or one sequential scan.
func (q Query) page(where, order string, n int) (string, []any) {
	keyRange, args := q.orderRange(n + 1)
	m := n + len(args)
	p := func(i int) string { return "$" + strconv.Itoa(m+i) } // bound, limit+offset, limit, offset
	return `
WITH walk AS MATERIALIZED (
    SELECT ` + itemColumns + `, amount
    FROM (SELECT * FROM procurement_processes WHERE ` + keyRange + `
          ORDER BY ` + order + ` LIMIT ` + p(1) + `) AS procurement_processes
    WHERE ` + where + `
    ORDER BY ` + order + `
    LIMIT ` + p(2) + `
), walked AS (SELECT count(*) AS n FROM walk)
SELECT ` + itemNames + ` FROM (
    (SELECT * FROM walk WHERE (SELECT n FROM walked) = ` + p(2) + `)
    UNION ALL
    (SELECT ` + itemColumns + `, amount FROM procurement_processes
     WHERE ` + where + ` AND (SELECT n FROM walked) BETWEEN 1 AND ` + p(2) + ` - 1
     ORDER BY ` + order + ` LIMIT ` + p(2) + `)
    UNION ALL
    (SELECT ` + itemColumns + `, amount FROM procurement_processes
     WHERE ` + where + ` AND (SELECT n FROM walked) = 0
     ORDER BY ` + unindexed(order) + ` LIMIT ` + p(2) + `)
) AS procurement_processes
ORDER BY ` + order + `
LIMIT ` + p(3) + ` OFFSET ` + p(4), args
}

// orderRange returns the filters of q on the first key of its order, which the order's index reads
// as a range ("true" if none), with their arguments, numbered from first.
func (q Query) orderRange(first int) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(first+len(args)-1)
	}
	switch q.Sort {
	case SortDateDesc, SortDateAsc:
		if q.Year != 0 {
			from := time.Date(q.Year, 1, 1, 0, 0, 0, 0, taipei)
			conds = append(conds, "process_date >= "+arg(from)+" AND process_date < "+arg(from.AddDate(1, 0, 0)))
		}
	case SortValueDesc, SortValueAsc:
		if q.MinValue != nil {
			conds = append(conds, "amount >= "+arg(*q.MinValue)+"::numeric")
		}
		if q.MaxValue != nil {
			conds = append(conds, "amount <= "+arg(*q.MaxValue)+"::numeric")
		}
	}
	if len(conds) == 0 {
		return "true", nil
	}
	return strings.Join(conds, " AND "), args
}

// unindexed returns an ORDER BY clause in the same order that no index gives: its first key plus
// zero.
func unindexed(order string) string {
	key, rest, _ := strings.Cut(order, " ")
	if key == "process_date" {
		return "process_date + interval '0' " + rest
	}
	return "(" + key + " + 0) " + rest
}
