package admin

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/spool"
	"integrity-portal/internal/uploads"
	"integrity-portal/internal/web"
)

// receiveUpload spools an uploaded data file before any transaction opens, so an officer on a slow
// line holds no database connection while the file arrives. On a problem it answers itself (413 for
// a file over the limit, 408 out of time, 400 through refuse for a broken body) and returns nil.
func (a *Admin) receiveUpload(c *gin.Context, file io.Reader, refuse func(status int, problem string), broken string) *spool.File {
	data, err := uploads.Spool(file, a.UploadMax)
	switch {
	case err == nil:
		return data
	case errors.Is(err, uploads.ErrTooLarge), web.TooLarge(err):
		refuse(http.StatusRequestEntityTooLarge, "admin.uploads.err_large")
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		a.Site.Error(c, http.StatusRequestTimeout)
	default:
		refuse(http.StatusBadRequest, broken) // the body ended early or is not a well-formed form
	}
	return nil
}
