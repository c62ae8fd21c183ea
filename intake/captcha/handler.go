package captcha

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
)

// Handler serves a challenge's image or audio. Mount it as
//
//	r.GET("/captcha/:file", captcha.Handler(db))
//
// where file is "<id>.png" or "<id>.wav". The WAV reads the digits in Mandarin unless the query
// has lang=en. Both answers carry Cache-Control: no-store; the PNG is Content-Disposition inline,
// the WAV an attachment named captcha.wav (Tor Browser's safest level blocks <audio>, so the page
// offers it as a download link). An unknown, expired or used id, or a malformed file name, is a 404
// with a tiny plain-text body. Serving does not consume the challenge. Nothing here logs the id; a
// database error is attached to the gin context (c.Error) without it, and answered 500.
func Handler(db database.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		file := c.Param("file")
		var (
			buf         bytes.Buffer
			err         error
			contentType string
		)
		if id, ok := strings.CutSuffix(file, ".png"); ok && validID(id) {
			contentType = "image/png"
			h.Set("Content-Disposition", "inline")
			err = Image(c.Request.Context(), db, id, &buf)
		} else if id, ok := strings.CutSuffix(file, ".wav"); ok && validID(id) {
			lang := "zh"
			if c.Query("lang") == "en" {
				lang = "en"
			}
			contentType = "audio/wav"
			h.Set("Content-Disposition", `attachment; filename="captcha.wav"`)
			err = Audio(c.Request.Context(), db, id, lang, &buf)
		} else {
			err = ErrNotFound
		}
		switch {
		case errors.Is(err, ErrNotFound):
			h.Del("Content-Disposition")
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("not found\n"))
		case err != nil:
			h.Del("Content-Disposition")
			_ = c.Error(err)
			c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("error\n"))
		default:
			c.Data(http.StatusOK, contentType, buf.Bytes())
		}
	}
}
