package intake

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Report categories, in the order the form lists them (message keys intake.category.<code>).
var reportCategories = []string{"corruption", "procurement", "ethics", "maladministration", "leak", "other"}

// Suggestion topics (message keys intake.topic.<code>).
var suggestionTopics = []string{"integrity", "efficiency", "procurement", "service", "other"}

// fieldErrors maps a form field to the message key of its problem.
type fieldErrors map[string]string

var formValidator = validator.New(validator.WithRequiredStructEnabled())

// validationErrors turns validator's errors into message keys by field name (the form tag).
func validationErrors(err error, errs fieldErrors) {
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return
	}
	for _, fe := range verrs {
		name := fe.Field()
		if _, seen := errs[name]; seen {
			continue
		}
		switch fe.Tag() {
		case "required":
			errs[name] = "intake.err.required"
		case "max":
			errs[name] = "intake.err.too_long"
		case "oneof":
			errs[name] = "intake.err.choose"
		default:
			errs[name] = "intake.err.invalid"
		}
	}
}

func init() {
	// Report field names as the form's, so errors map to the inputs they describe.
	formValidator.RegisterTagNameFunc(func(f reflect.StructField) string { return f.Tag.Get("form") })
}

// readProblems turns the field problems found while reading (invalid UTF-8, duplicated) into message
// keys; they win over later validation.
func readProblems(f *formReader, errs fieldErrors) {
	for name, p := range f.problems {
		switch {
		case errors.Is(p, errInvalidUTF8):
			errs[name] = "intake.err.utf8"
		case errors.Is(p, errDuplicateField):
			errs[name] = "intake.err.duplicate"
		}
	}
}

// agencyOption is one entry of the agency list.
type agencyOption struct {
	ID     int
	NameZh string
	NameEn string
}

// agencyChoice is an agency as one form shows it: its name in the reader's language, and whether it
// is the one chosen. Worked out here rather than in the template, which renders it for every option.
type agencyChoice struct {
	Value    string
	Name     string
	Selected bool
}

// agencyChoices turns the list into the form's options.
func agencyChoices(list []agencyOption, en bool, chosen string) []agencyChoice {
	out := make([]agencyChoice, len(list))
	for i, a := range list {
		v := strconv.Itoa(a.ID)
		name := a.NameZh
		if en {
			name = a.NameEn
		}
		out[i] = agencyChoice{Value: v, Name: name, Selected: v == chosen}
	}
	return out
}

// agencyCache keeps the agency list for a minute: every form shows it, and it changes rarely.
type agencyCache struct {
	mu      sync.Mutex
	list    []agencyOption
	fetched time.Time
}

func (a *agencyCache) get(ctx context.Context, db database.DB) ([]agencyOption, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.list != nil && time.Since(a.fetched) < time.Minute {
		return a.list, nil
	}
	list, err := agencies(ctx, db)
	if err != nil {
		return nil, err
	}
	a.list, a.fetched = list, time.Now()
	return list, nil
}

// agencies lists the active agencies in the office's order.
func agencies(ctx context.Context, db database.DB) ([]agencyOption, error) {
	rows, _ := db.Query(ctx, `SELECT id, name_zh, name_en FROM agencies WHERE active ORDER BY sort_order, id`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[agencyOption])
	if err != nil {
		return nil, fmt.Errorf("intake: agencies: %w", err)
	}
	return list, nil
}

// parseAgency reads the agency field: an active agency's id, or "other". It returns the id (nil for
// other) and the agency's name for the sealed content.
func parseAgency(ctx context.Context, db database.DB, value string) (id *int, name string, ok bool, err error) {
	if value == "other" {
		return nil, "", true, nil
	}
	n, isID := database.Int4ID(value)
	if !isID {
		return nil, "", false, nil
	}
	err = db.QueryRow(ctx, `SELECT name_zh FROM agencies WHERE id = $1 AND active`, n).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, fmt.Errorf("intake: agency: %w", err)
	}
	return &n, name, true, nil
}

// errorItem is one line of a form's error summary: the field's message keys and the id of the input
// its link leads to ("" for a problem with the whole form, which has no input to go to).
type errorItem struct {
	Label  string // message key of the field's name
	Key    string // message key of the problem
	Anchor string
	File   string // the file a file problem is about
}

// list orders the errors as the form shows its fields, so the summary reads top to bottom like the
// page; anchors maps a field to its input's id where the two differ (radio groups).
// A problem with a field the form does not have (a forged part) is told as a problem with the form.
func (e fieldErrors) list(order []string, anchors map[string]string, file string) []errorItem {
	var out []errorItem
	known := map[string]bool{}
	for _, name := range order {
		known[name] = true
	}
	if _, ok := e["form"]; !ok {
		for name := range e {
			if !known[name] {
				out = append(out, errorItem{Key: "intake.err.form"})
				break
			}
		}
	}
	for _, name := range order {
		key, ok := e[name]
		if !ok {
			continue
		}
		if name == "form" {
			out = append(out, errorItem{Key: key})
			continue
		}
		it := errorItem{Label: "intake.field." + name, Key: key, Anchor: name}
		if a, ok := anchors[name]; ok {
			it.Anchor = a
		}
		if name == "files" {
			it.File = file
		}
		out = append(out, it)
	}
	return out
}
