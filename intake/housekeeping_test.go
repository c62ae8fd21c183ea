package intake

import (
	"context"
	"strings"
	"testing"
	"time"

	"integrity-portal/intake/captcha"
)

func TestHousekeepingPurgesExpiredChallengesAndSessions(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	old, _ := captcha.New(ctx, e.db)
	fresh, _ := captcha.New(ctx, e.db)
	e.db.Exec(ctx, `UPDATE captchas SET expires_at = now() - interval '1 minute' WHERE id = $1`, old)
	e.db.Exec(ctx, `INSERT INTO cases (kind, category, mailbox_recipient, internal_recipient, receipt_lookup)
		VALUES ('report', 'other', 'age1pq1x', 'age1pq1x', decode(repeat('ab', 32), 'hex'))`)
	e.db.Exec(ctx, `INSERT INTO reporter_sessions (id_hash, case_id, sealed, idle_until, valid_until)
		SELECT decode(repeat('cd', 32), 'hex'), id, '', now() - interval '1 second', now() + interval '1 hour' FROM cases`)

	run, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { e.in.Housekeep(run, time.Hour); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var captchas, sessions int
		e.db.QueryRow(ctx, `SELECT (SELECT count(*) FROM captchas WHERE id = $1), (SELECT count(*) FROM reporter_sessions)`, old).Scan(&captchas, &sessions)
		if captchas == 0 && sessions == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after housekeeping: %d expired captchas, %d expired sessions", captchas, sessions)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	<-done
	if _, err := captcha.AnswerForTest(ctx, e.db, fresh); err != nil {
		t.Error("housekeeping removed a live challenge")
	}
}

func TestPublishedAnswersPage(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client()
	if p := c.get("/suggest/answers", "zh-TW"); p.status != 200 || !strings.Contains(p.body, "目前還沒有公開的建言與回覆") {
		t.Fatalf("empty answers page: %d", p.status)
	}
	e.db.Exec(ctx, `INSERT INTO cases (kind, category, mailbox_recipient, internal_recipient, receipt_lookup, publication_consent)
		VALUES ('suggestion', 'efficiency', 'age1pq1x', 'age1pq1x', decode(repeat('ef', 32), 'hex'), true)`)
	e.db.Exec(ctx, `INSERT INTO suggestion_answers (case_id, topic, agency_id, suggestion, answer) SELECT id, 'efficiency', 2, '建議線上化', '已採納' FROM cases`)
	p := c.get("/suggest/answers", "zh-TW")
	if !strings.Contains(p.body, "建議線上化") || !strings.Contains(p.body, "已採納") || !strings.Contains(p.body, "民政局") {
		t.Errorf("answers page:\n%.1500s", p.body)
	}
}
