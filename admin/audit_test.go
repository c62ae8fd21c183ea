package admin

import (
	"context"
	"strings"
	"testing"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/testdb"
)

func TestAuditChainDetectsTampering(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	caseID := int64(7)
	for i, action := range []string{"login", "case.view", "case.acknowledge", "attachment.download"} {
		var c *int64
		if i > 0 {
			c = &caseID
		}
		if err := AuditNow(ctx, db, nil, action, c, map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := auditlog.Verify(ctx, db, nil)
	if err != nil || rep.Rows != 4 || !rep.Intact() || len(rep.Head) != 32 {
		t.Fatalf("clean log: %d rows, %v, %v", rep.Rows, rep.Problems, err)
	}

	// The serving role may not change or remove a row; the owner is stopped by the triggers.
	owner := testdb.AsOwner(t, db)
	for _, sql := range []string{
		"UPDATE audit_log SET action = 'nothing' WHERE id = 2",
		"DELETE FROM audit_log WHERE id = 2",
		"TRUNCATE audit_log",
	} {
		if _, err := db.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("as the serving role, %s: %v", sql, err)
		}
		if _, err := owner.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("as the owner, %s: %v", sql, err)
		}
	}

	// A superuser (the test server's owner is one) can get past the triggers; verify still finds
	// what they did.
	conn, err := owner.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = (SELECT min(id) + 1 FROM audit_log)"); err != nil {
		t.Fatal(err)
	}
	rep, _ = auditlog.Verify(ctx, db, nil)
	problems := rep.Problems
	if len(problems) != 1 || !strings.Contains(problems[0].Reason, "changed") {
		t.Errorf("an edited row: %+v", problems)
	}
	if _, err := conn.Exec(ctx, "DELETE FROM audit_log WHERE id = (SELECT min(id) + 2 FROM audit_log)"); err != nil {
		t.Fatal(err)
	}
	conn.Exec(ctx, "SET session_replication_role = origin")
	rep, _ = auditlog.Verify(ctx, db, nil)
	problems = rep.Problems
	if len(problems) != 2 || !strings.Contains(problems[1].Reason, "does not link") {
		t.Errorf("an edited and a removed row: %+v", problems)
	}
}
