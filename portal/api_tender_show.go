package portal

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/store"
)

// apiTender is a tender in the API: its normalised fields and its compiled release as published in
// the open data files (OCDS 1.1).
type apiTender struct {
	Tender          tenderJSON      `json:"tender"`
	CompiledRelease json.RawMessage `json:"compiled_release"`
}

// tenderShow is one tender (GET /api/v1/tenders/{ocid}).
func (a *api) tenderShow(c *gin.Context) {
	ocid := c.Param("ocid")
	if !validID(ocid) {
		a.answer(c, http.StatusBadRequest, codeInvalidID, "api.error.bad_ocid", maxID)
		return
	}
	it, rel, err := store.Process(c.Request.Context(), a.db, ocid)
	if errors.Is(err, store.ErrNotFound) {
		a.answer(c, http.StatusNotFound, codeNotFound, "api.error.no_tender", ocid)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.writeJSON(c, http.StatusOK, apiTender{Tender: newTenderJSON(it, a.base), CompiledRelease: rel})
}
