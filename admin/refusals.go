package admin

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// sqlRefusals are the refusals the database makes itself (migrations/019_accounts.sql), as the
// message keys that explain them.
var sqlRefusals = map[string]string{
	"IP001": "admin.act.err_excluded",   // a grant or assignment to an officer excluded from the case
	"IP002": "admin.act.err_unapproved", // a grant or assignment to an officer whose case roles await approval
}

// sqlCode is the SQLSTATE of a PostgreSQL error, or "".
func sqlCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}
