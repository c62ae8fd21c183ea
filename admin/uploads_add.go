package admin

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/portal/procurement/importer"
)

// uploadsAdd stores an uploaded procurement file and queues its import (POST
// /admin/procurement/uploads, multipart, CSRF token in the URL), then shows its progress page. The
// file streams into the database: nothing holds it whole in memory.
func (a *Admin) uploadsAdd(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		a.renderUploads(c, http.StatusBadRequest, "admin.uploads.err_file")
		return
	}
	release, ok := a.Site.UploadSlot() // the sign-in was checked before this handler
	if !ok {
		a.Site.UploadsBusy(c)
		return
	}
	defer release()
	mr := multipart.NewReader(c.Request.Body, params["boundary"])
	encoding := ""
	var id int64
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			a.renderUploads(c, http.StatusBadRequest, "admin.uploads.err_file")
			return
		}
		switch part.FormName() {
		case "encoding":
			b, _ := io.ReadAll(io.LimitReader(part, 16))
			if encoding = string(b); encoding != "" && encoding != "utf-8" && encoding != "big5" {
				a.renderUploads(c, http.StatusBadRequest, "admin.uploads.err_encoding")
				return
			}
		case "file":
			name := filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
			if name == "" || name == "." || name == "/" || len([]rune(name)) > 200 {
				a.renderUploads(c, http.StatusBadRequest, "admin.uploads.err_file")
				return
			}
			data := a.receiveUpload(c, part, func(status int, problem string) { a.renderUploads(c, status, problem) }, "admin.uploads.err_file")
			if data == nil {
				return
			}
			defer data.Close()
			r, err := data.Reader()
			if err != nil {
				a.Site.Fail(c, err)
				return
			}
			err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
				var err error
				if id, err = importer.Store(ctx, tx, r, name, encoding, o.ID, a.UploadMax); err != nil {
					return err
				}
				if _, err := a.Jobs.InsertTx(ctx, tx, importer.Args{UploadID: id}, nil); err != nil {
					return err
				}
				return Audit(ctx, tx, &o.ID, "procurement.upload", nil, map[string]any{"upload": id, "file": name})
			})
			switch {
			case errors.Is(err, importer.ErrTooLarge):
				a.renderUploads(c, http.StatusRequestEntityTooLarge, "admin.uploads.err_large")
				return
			case err != nil:
				a.Site.Fail(c, err)
				return
			}
		}
	}
	if id == 0 {
		a.renderUploads(c, http.StatusBadRequest, "admin.uploads.err_file")
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/procurement/uploads/"+strconv.FormatInt(id, 10))
}
