package portal

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/store"
)

// redirectCode answers the address of a buyer or supplier that holds a bare code, as a reader types
// it (3.87.33.37 for TW-GOV-3.87.33.37, a 統一編號 for TW-UBN-…), with a 301 to the holder's address
// under prefix (a page's or the API's), and reports whether it did. It does nothing when no holder
// has the code. The address is always prefix and the escaped id, never a host of its own.
func redirectCode(c *gin.Context, db database.DB, role store.Role, prefix, code string) (bool, error) {
	id, err := store.HolderByCode(c.Request.Context(), db, role, code)
	if err != nil || id == "" || !validID(id) {
		return false, err
	}
	c.Redirect(http.StatusMovedPermanently, prefix+url.PathEscape(id))
	return true, nil
}

// notFoundOrRedirect answers a buyer's or supplier's page that could not be read: with a 301 when
// its id is a bare code of a holder, else with the page saying there is no such holder (404), or
// with the failure.
func (p *procurement) notFoundOrRedirect(c *gin.Context, err error, role store.Role, id string) {
	if !errors.Is(err, store.ErrNotFound) {
		p.site.Fail(c, err)
		return
	}
	prefix, key := "/procurement/buyers/", "procurement.no_buyer"
	if role == store.RoleSupplier {
		prefix, key = "/procurement/suppliers/", "procurement.no_supplier"
	}
	if done, err := redirectCode(c, p.db, role, prefix, id); err != nil {
		p.site.Fail(c, err)
		return
	} else if done {
		return
	}
	p.answerProblem(c, http.StatusNotFound, key)
}
