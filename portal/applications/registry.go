package applications

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/width"
)

// Agency is an agency that reports applications.
type Agency struct {
	ID             int32
	Code           string // 機關代碼
	NameZh, NameEn string
}

// Service is one kind of application of an agency (申請項目).
type Service struct {
	ID             int32
	AgencyID       int32
	Code           string
	NameZh, NameEn string
}

// ServiceKey finds a service by its agency's code and its own.
type ServiceKey struct{ Agency, Service string }

// Registry is what the database knows of agencies and services, which rows are checked against.
type Registry struct {
	Agencies map[string]Agency // by code
	Services map[ServiceKey]Service
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{Agencies: map[string]Agency{}, Services: map[ServiceKey]Service{}}
}

// LoadRegistry reads every agency and service.
func LoadRegistry(ctx context.Context, db Querier) (*Registry, error) {
	reg := NewRegistry()
	rows, _ := db.Query(ctx, `SELECT id, code, name_zh, name_en FROM application_agencies`)
	agencies, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Agency])
	if err != nil {
		return nil, err
	}
	codes := map[int32]string{}
	for _, a := range agencies {
		reg.Agencies[a.Code] = a
		codes[a.ID] = a.Code
	}
	rows, _ = db.Query(ctx, `SELECT id, agency_id, code, name_zh, name_en FROM application_services`)
	services, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Service])
	if err != nil {
		return nil, err
	}
	for _, s := range services {
		reg.Services[ServiceKey{codes[s.AgencyID], s.Code}] = s
	}
	return reg, nil
}

// sameName reports whether two names are the same but for spaces, width and 台 for 臺, which
// exports write either way.
func sameName(a, b string) bool { return nameKey(a) == nameKey(b) }

func nameKey(s string) string {
	s = width.Narrow.String(s)
	s = strings.Join(strings.Fields(s), "")
	return strings.ToLower(strings.ReplaceAll(s, "台", "臺"))
}
