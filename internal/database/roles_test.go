package database_test

import (
	"context"
	"strings"
	"testing"

	"integrity-portal/internal/database"
	"integrity-portal/internal/testdb"
)

// TestServingRoleCannotChangeHistory connects as the serving role, as `portal serve` does, and tries
// every way it had to rewrite or cut the audit log.
func TestServingRoleCannotChangeHistory(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	var user string
	if err := db.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != database.ServingLogin {
		t.Fatalf("tests connect as %q (%v), want the serving role %s", user, err, database.ServingLogin)
	}
	if _, err := db.Exec(ctx, `INSERT INTO audit_log (at, action, prev_hash, hash) VALUES (now(), 'probe', '\x00', '\x01')`); err != nil {
		t.Fatalf("the serving role cannot append: %v", err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO audit_checkpoints (at, rows, head) VALUES (now(), 1, '\x01'::bytea || decode(repeat('00', 31), 'hex'))`); err != nil {
		t.Fatalf("the serving role cannot add a checkpoint: %v", err)
	}
	var owner string
	if err := db.QueryRow(ctx, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'").Scan(&owner); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"UPDATE audit_log SET action = 'nothing'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
		"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
		"ALTER TABLE audit_log OWNER TO " + database.ServingLogin,
		"DROP TRIGGER audit_log_no_update ON audit_log",
		"DROP TABLE audit_log",
		"UPDATE audit_checkpoints SET rows = 0",
		"DELETE FROM audit_checkpoints",
		"TRUNCATE audit_checkpoints",
		"ALTER TABLE audit_checkpoints DISABLE TRIGGER USER",
		"SET session_replication_role = replica",
		"SET ROLE " + owner,
		"GRANT " + database.ServingGroup + " TO CURRENT_USER WITH ADMIN OPTION",
		"INSERT INTO schema_migrations (version, name) VALUES (999, 'forged')",
		"CREATE TABLE public.intruder (x int)",
	} {
		if _, err := db.Exec(ctx, sql); err == nil {
			t.Errorf("the serving role could: %s", sql)
		}
	}
	var rows int
	if err := db.QueryRow(ctx, "SELECT count(*) FROM audit_log").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("audit log after the attempts: %d rows, %v; want the 1 appended", rows, err)
	}
	if problems, err := database.ServingProblems(ctx, db); err != nil || len(problems) > 0 {
		t.Errorf("ServingProblems of the serving role: %v, %v; want none", problems, err)
	}
}

// TestServingProblemsNamesAnOwnerOrSuperuser is what `portal serve` refuses in production.
func TestServingProblemsNamesAnOwnerOrSuperuser(t *testing.T) {
	ctx := context.Background()
	owner := testdb.AsOwner(t, testdb.New(t))
	problems, err := database.ServingProblems(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(problems, "\n")
	for _, want := range []string{"superuser", "owns audit_log", "owns audit_checkpoints", "session_replication_role"} {
		if !strings.Contains(text, want) {
			t.Errorf("ServingProblems of the owner does not say %q:\n%s", want, text)
		}
	}
}

// TestNewTablesAreGrantedToTheServingRole: a table a later migration makes (as the owner) is usable
// by the serving role without a grant of its own, by the default privileges.
func TestNewTablesAreGrantedToTheServingRole(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	owner := testdb.AsOwner(t, db)
	if _, err := owner.Exec(ctx, "CREATE TABLE later_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x int)"); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"INSERT INTO later_table (x) VALUES (1)",
		"UPDATE later_table SET x = 2",
		"SELECT x FROM later_table",
		"DELETE FROM later_table",
	} {
		if _, err := db.Exec(ctx, sql); err != nil {
			t.Errorf("the serving role cannot %s: %v", sql, err)
		}
	}
}
