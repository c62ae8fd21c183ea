package portal

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/store"
)

// apiTendersDefault and store.MaxPageSize are the default and the largest limit of a page.
const apiTendersDefault = store.DefaultPageSize

// apiTenderParams are the parameters /api/v1/tenders reads: the search page's, then its own.
var apiTenderParams = append(slices.Clip(tenderParams), "limit", "cursor")

// apiTendersPage is a page of /api/v1/tenders.
type apiTendersPage struct {
	Tenders    []tenderJSON `json:"tenders"`
	Limit      int          `json:"limit"`
	NextCursor *string      `json:"next_cursor"` // null on the last page
	Next       *string      `json:"next"`        // the next page's address, null on the last page
}

// tendersList is the tender search as JSON (GET /api/v1/tenders): the search page's filters and
// orders, checked by the same rules, with cursor paging instead of page numbers.
func (a *api) tendersList(c *gin.Context) {
	v := c.Request.URL.Query()
	form := readTenderForm(v)
	form.Page = ""
	q, errs := form.query()
	for name := range v {
		if !slices.Contains(apiTenderParams, name) {
			key := "api.error.unknown"
			if name == "page" {
				key = "api.error.page"
			}
			errs = append(errs, fieldError{Field: "f-" + name, Key: key, Args: []any{name}})
		}
	}
	limit := apiTendersDefault
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxPageSize {
			errs = append(errs, fieldError{Field: "f-limit", Key: "api.error.limit", Args: []any{store.MaxPageSize}})
		}
		limit = n
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(x, y fieldError) int { return strings.Compare(x.param(), y.param()) })
		a.answerParameters(c, errs)
		return
	}
	var after *store.Cursor
	if s := v.Get("cursor"); s != "" {
		cur, err := decodeCursor(s, q.Sort)
		if errors.Is(err, errCursorSort) {
			a.answer(c, http.StatusBadRequest, codeInvalidCursor, "api.error.cursor_sort")
			return
		}
		if err != nil {
			a.answer(c, http.StatusBadRequest, codeInvalidCursor, "api.error.cursor")
			return
		}
		after = &cur
	}

	items, next, err := store.Seek(c.Request.Context(), a.db, q, after, limit)
	if errors.Is(err, store.ErrBadQuery) {
		a.answerParameters(c, []fieldError{{Field: "f-q", Key: "procurement.error.query"}})
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	page := apiTendersPage{Tenders: make([]tenderJSON, 0, len(items)), Limit: limit}
	for _, it := range items {
		page.Tenders = append(page.Tenders, newTenderJSON(it, a.base))
	}
	if next != nil {
		cur := encodeCursor(*next, q.Sort)
		nv := form.values()
		if v.Has("limit") {
			nv.Set("limit", strconv.Itoa(limit))
		}
		nv.Set("cursor", cur)
		href := a.base + withQuery(apiPrefix+"/tenders", nv)
		page.NextCursor, page.Next = &cur, &href
		c.Header("Link", "<"+href+`>; rel="next"`)
	}
	a.writeJSON(c, http.StatusOK, page)
}
