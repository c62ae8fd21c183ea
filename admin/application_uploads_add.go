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

	"integrity-portal/portal/applications"
)

// applicationUploadsAdd stores an uploaded application file of the kind chosen (periods, calendar
// or applications) and queues its import (POST /admin/applications/uploads, multipart, CSRF token
// in the URL), then shows its progress page. The file is spooled first, then copied into the
// database in one transaction: nothing holds it whole in memory, or a connection while it arrives. The form's fields come before its file, as browsers send them in order.
func (a *Admin) applicationUploadsAdd(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	refuse := func(status int, problem string) { a.renderApplicationUploads(c, status, problem) }
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		refuse(http.StatusBadRequest, "admin.app_uploads.err_file")
		return
	}
	release, ok := a.Site.UploadSlot() // the sign-in was checked before this handler
	if !ok {
		a.Site.UploadsBusy(c)
		return
	}
	defer release()
	mr := multipart.NewReader(c.Request.Body, params["boundary"])
	var kind applications.Kind
	encoding := ""
	var id int64
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			refuse(http.StatusBadRequest, "admin.app_uploads.err_file")
			return
		}
		switch part.FormName() {
		case "kind":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			if kind, err = applications.ParseKind(string(b)); err != nil {
				refuse(http.StatusBadRequest, "admin.app_uploads.err_kind")
				return
			}
		case "encoding":
			b, _ := io.ReadAll(io.LimitReader(part, 16))
			if encoding = string(b); encoding != "" && encoding != "utf-8" && encoding != "big5" {
				refuse(http.StatusBadRequest, "admin.uploads.err_encoding")
				return
			}
		case "file":
			name := filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
			if name == "" || name == "." || name == "/" || len([]rune(name)) > 200 {
				refuse(http.StatusBadRequest, "admin.app_uploads.err_file")
				return
			}
			if kind == "" {
				refuse(http.StatusBadRequest, "admin.app_uploads.err_kind")
				return
			}
			data := a.receiveUpload(c, part, refuse, "admin.app_uploads.err_file")
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
				if id, err = applications.StoreUpload(ctx, tx, r, kind, name, encoding, o.ID, a.UploadMax); err != nil {
					return err
				}
				if _, err := a.Jobs.InsertTx(ctx, tx, applications.ImportArgs{UploadID: id}, nil); err != nil {
					return err
				}
				return Audit(ctx, tx, &o.ID, "applications.upload", nil, map[string]any{"upload": id, "kind": kind, "file": name})
			})
			switch {
			case errors.Is(err, applications.ErrTooLarge):
				refuse(http.StatusRequestEntityTooLarge, "admin.uploads.err_large")
				return
			case err != nil:
				a.Site.Fail(c, err)
				return
			}
		}
	}
	if id == 0 {
		problem := "admin.app_uploads.err_file"
		if kind == "" {
			problem = "admin.app_uploads.err_kind"
		}
		refuse(http.StatusBadRequest, problem)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/applications/uploads/"+strconv.FormatInt(id, 10))
}
