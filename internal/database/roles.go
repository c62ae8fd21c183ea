package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The portal connects with two roles. The owner runs the migrations and owns every table. The serving
// role, which `portal serve` and the commands use, is a login member of the group ServingGroup: the
// migrations grant the group what the application needs, and on the audit tables only SELECT and
// INSERT, so a serving connection cannot change history (docs/operations.md).
const (
	// ServingGroup is the group role the migrations grant to; it cannot log in.
	ServingGroup = "portal_serving"
	// ServingLogin is the serving role of the private development cluster and of the tests.
	ServingLogin = "portal_app"
)

// ensureServingGroup creates ServingGroup when it is missing, which needs CREATEROLE; in production a
// database administrator may create it beforehand instead (docs/operations.md).
func ensureServingGroup(ctx context.Context, db DB) error {
	var exists bool
	if err := db.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", ServingGroup).Scan(&exists); err != nil {
		return fmt.Errorf("serving role: %w", err)
	}
	if exists {
		return nil
	}
	err := ignoreDuplicate(db.Exec(ctx, "CREATE ROLE "+ServingGroup+" NOLOGIN"))
	if err != nil {
		return fmt.Errorf("create the group role %s (the owner needs CREATEROLE, or a database administrator runs CREATE ROLE %s NOLOGIN): %w",
			ServingGroup, ServingGroup, err)
	}
	return nil
}

// EnsureServingLogin makes login a member of ServingGroup with no other power, creating both roles
// when missing. The development cluster and the tests call it as the superuser; in production the
// database administrator makes the login role (docs/operations.md). password may be empty (the
// development cluster trusts its private socket).
func EnsureServingLogin(ctx context.Context, db DB, login, password string) error {
	if err := ensureServingGroup(ctx, db); err != nil {
		return err
	}
	var exists bool
	if err := db.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", login).Scan(&exists); err != nil {
		return fmt.Errorf("serving role: %w", err)
	}
	name := pgx.Identifier{login}.Sanitize()
	if !exists {
		sql := "CREATE ROLE " + name + " LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
		if password != "" {
			// CREATE ROLE takes no parameters: the password is quoted as a literal.
			sql += " PASSWORD " + quoteLiteral(password)
		}
		if err := ignoreDuplicate(db.Exec(ctx, sql)); err != nil {
			return fmt.Errorf("create the serving role %s: %w", login, err)
		}
	}
	if err := ignoreDuplicate(db.Exec(ctx, "GRANT "+ServingGroup+" TO "+name)); err != nil {
		return fmt.Errorf("grant %s to %s: %w", ServingGroup, login, err)
	}
	return nil
}

// ignoreDuplicate drops the error of a role or membership that another process made at the same
// moment (several test binaries, or servers, starting together).
func ignoreDuplicate(_ pgconn.CommandTag, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42710" || pgErr.Code == "23505") {
		return nil
	}
	return err
}

func quoteLiteral(s string) string {
	out := []byte{'\''}
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, '\'')
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

// ServingProblems lists what the serving connection could do to the audit log that it must not: be a
// superuser, own (or be able to become the owner of) the audit tables, hold UPDATE, DELETE or
// TRUNCATE on them, create roles (and so grant itself the owner's), or set
// session_replication_role (which switches the append-only triggers off). Empty means least privilege.
func ServingProblems(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	var problems []string
	var user string
	var super, createRole bool
	err := pool.QueryRow(ctx, `SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user`).
		Scan(&user, &super, &createRole)
	if err != nil {
		return nil, fmt.Errorf("serving role: %w", err)
	}
	if super {
		problems = append(problems, fmt.Sprintf("the serving role %s is a superuser", user))
	}
	if createRole {
		problems = append(problems, fmt.Sprintf("the serving role %s may create roles (CREATEROLE), and so grant itself the owner's", user))
	}
	for _, table := range []string{"audit_log", "audit_checkpoints"} {
		var owner, changes bool
		err := pool.QueryRow(ctx, `SELECT pg_has_role(current_user, c.relowner, 'MEMBER'),
				has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE')
			FROM pg_class c WHERE c.oid = to_regclass($1)`, table).Scan(&owner, &changes)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // schema not migrated yet: prepareSchema says so
		}
		if err != nil {
			return nil, fmt.Errorf("serving role: %w", err)
		}
		if owner {
			problems = append(problems, fmt.Sprintf("the serving role %s owns %s (or is a member of its owner)", user, table))
		} else if changes {
			problems = append(problems, fmt.Sprintf("the serving role %s may UPDATE, DELETE or TRUNCATE %s", user, table))
		}
	}
	// Tried rather than looked up (PostgreSQL 15 can grant SET on a parameter to anyone), in a
	// transaction that is rolled back.
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("serving role: %w", err)
	}
	_, setErr := tx.Exec(ctx, "SET LOCAL session_replication_role = replica")
	tx.Rollback(ctx)
	if setErr == nil {
		problems = append(problems, fmt.Sprintf("the serving role %s may SET session_replication_role, which switches the append-only triggers off", user))
	}
	return problems, nil
}
