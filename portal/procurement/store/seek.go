package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Cursor is where a page of Seek ended: the sort key and the ocid of its last process.
type Cursor struct {
	Date   time.Time // process date, for the date orders
	Amount *string   // amount as exact decimal text, for the value orders; nil: unknown (listed last)
	OCID   string
}

// CursorOf returns the cursor after it in the order s.
func CursorOf(it Item, s Sort) Cursor {
	c := Cursor{OCID: it.OCID}
	switch s {
	case SortValueDesc, SortValueAsc:
		c.Amount = it.AwardValue // the amount column: awarded, else the budget
		if c.Amount == nil {
			c.Amount = it.TenderValue
		}
	default:
		c.Date = it.Date
	}
	return c
}

// decimal is the text of a numeric that PostgreSQL writes and reads.
var decimalText = regexp.MustCompile(`^-?[0-9]{1,100}(\.[0-9]{1,100})?$`)

// Seek returns up to limit processes that Search would list for q, in the same order, after the
// cursor (nil: from the first), and the cursor of the next page (nil after the last). This is keyset
// paging: each page costs the same however deep, and nothing is skipped or repeated while the data
// holds still. Unlike Search it is not capped at CountCap. q.Page and q.PageSize are ignored.
func Seek(ctx context.Context, db database.DB, q Query, after *Cursor, limit int) ([]Item, *Cursor, error) {
	if limit < 1 || limit > MaxPageSize {
		return nil, nil, fmt.Errorf("%w: limit %d", ErrBadQuery, limit)
	}
	where, args, err := q.filters()
	if err != nil {
		return nil, nil, err
	}
	order, err := q.order()
	if err != nil {
		return nil, nil, err
	}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	lim := arg(limit + 1)
	sql := `SELECT ` + itemColumns + ` FROM procurement_processes WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ` + lim
	if after != nil {
		conds, err := q.Sort.after(*after, arg)
		if err != nil {
			return nil, nil, err
		}
		// One ordered branch per condition, each a range of its index; the processes with unknown
		// amounts, which come last, are read only when the known ones run out.
		var branches []string
		for _, cond := range conds {
			branches = append(branches, `(SELECT `+itemColumns+`, amount FROM procurement_processes WHERE `+where+
				` AND `+cond+` ORDER BY `+order+` LIMIT `+lim+`)`)
		}
		sql = `SELECT ` + itemColumns + ` FROM (` + strings.Join(branches, " UNION ALL ") + `) AS p ORDER BY ` + order +
			` LIMIT ` + lim
	}
	// Planned for its own keyword, as Search explains.
	rows, err := db.Query(ctx, sql, append([]any{pgx.QueryExecModeExec}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: seek: %w", err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		return nil, nil, fmt.Errorf("store: seek: %w", err)
	}
	if len(items) <= limit {
		return items, nil, nil
	}
	items = items[:limit]
	next := CursorOf(items[limit-1], q.Sort)
	return items, &next, nil
}

// Check returns an error wrapping ErrBadQuery when c cannot be a cursor: no ocid, or an amount that
// is not a decimal number.
func (c Cursor) Check() error {
	if c.OCID == "" {
		return fmt.Errorf("%w: cursor without an ocid", ErrBadQuery)
	}
	if c.Amount != nil && !decimalText.MatchString(*c.Amount) {
		return fmt.Errorf("%w: cursor amount %q", ErrBadQuery, *c.Amount)
	}
	return nil
}

// after returns the conditions of the processes that come after c in the order s, each a range of
// the order's index: unknown amounts come last in both value orders, ordered among themselves by
// ocid.
func (s Sort) after(c Cursor, arg func(any) string) ([]string, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	switch s {
	case SortDateDesc:
		return []string{"(process_date, ocid) < (" + arg(c.Date) + "::timestamptz, " + arg(c.OCID) + ")"}, nil
	case SortDateAsc:
		return []string{"(process_date, ocid) > (" + arg(c.Date) + "::timestamptz, " + arg(c.OCID) + ")"}, nil
	case SortValueDesc, SortValueAsc:
		cmp := "<"
		if s == SortValueAsc {
			cmp = ">"
		}
		if c.Amount == nil {
			return []string{"amount IS NULL AND ocid " + cmp + " " + arg(c.OCID)}, nil
		}
		return []string{"(amount, ocid) " + cmp + " (" + arg(*c.Amount) + "::numeric, " + arg(c.OCID) + ")",
			"amount IS NULL"}, nil
	}
	return nil, fmt.Errorf("%w: sort %q", ErrBadQuery, s)
}
