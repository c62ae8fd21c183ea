package intake

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
)

// publishedAnswer is one published suggestion with its answer.
type publishedAnswer struct {
	Topic       string
	AgencyZh    *string
	AgencyEn    *string
	Suggestion  string
	Answer      string
	PublishedAt time.Time
}

// answersShow lists the published suggestions and answers, newest first (GET /suggest/answers).
func (in *Intake) answersShow(c *gin.Context) {
	rows, _ := in.DB.Query(c.Request.Context(), `SELECT s.topic, a.name_zh, a.name_en, s.suggestion, s.answer, s.published_at
		FROM suggestion_answers s LEFT JOIN agencies a ON a.id = s.agency_id ORDER BY s.published_at DESC, s.case_id DESC LIMIT 200`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[publishedAnswer])
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	in.Site.Render(c, http.StatusOK, in.pages.answers, "intake.answers.title", list)
}
