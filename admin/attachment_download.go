package admin

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
)

// attachmentDownload streams a decrypted evidence file (GET /admin/cases/:id/files/:file): always as a
// download, never rendered inline, with nosniff, in constant memory. Audited before the first byte.
func (a *Admin) attachmentDownload(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	fileID, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	mailbox, err := a.openCaseKey(c, caseID, "mailbox")
	if errors.Is(err, cases.ErrNotFound) {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	var sealedMeta []byte
	if err := a.DB.QueryRow(ctx, `SELECT sealed_meta FROM attachments WHERE id = $1 AND case_id = $2`, fileID, caseID).Scan(&sealedMeta); err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	var meta cases.AttachmentMeta
	if plain, err := crypto.Open(sealedMeta, mailbox); err != nil || json.Unmarshal(plain, &meta) != nil {
		a.Site.Fail(c, errors.New("admin: attachment metadata does not open"))
		return
	}
	if err := AuditNow(ctx, a.DB, &o.ID, "attachment.download", &caseID, map[string]any{"file": fileID}); err != nil {
		a.Site.Fail(c, err)
		return
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(cases.CopyAttachment(ctx, a.DB, caseID, fileID, pw)) }()
	plain, err := crypto.DecryptStream(pr, mailbox)
	if err != nil {
		pr.CloseWithError(err)
		a.Site.Fail(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(meta.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.FormatInt(meta.Size, 10))
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, plain); err != nil {
		pr.CloseWithError(err)
		a.Logger.Warn("attachment download cut short", "err", err)
	}
}
