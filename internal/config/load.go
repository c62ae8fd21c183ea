package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Source is where Load reads variables and secret files; tests and fuzzing pass their own.
type Source struct {
	Lookup   func(name string) (string, bool)
	ReadFile func(path string) ([]byte, error)
}

// Environment reads the process environment and the file system.
func Environment() Source { return Source{Lookup: os.LookupEnv, ReadFile: os.ReadFile} }

// Load builds the configuration from src, applies defaults, validates it and, in production, refuses
// development shortcuts. The error, an *Error, names every problem.
func Load(src Source) (*Config, error) {
	var cfg Config
	var problems []Problem
	mode := Development
	if m, ok := src.Lookup("PORTAL_MODE"); ok && m != "" {
		mode = Mode(m)
	}

	v := reflect.ValueOf(&cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("env")
		raw, set, err := lookup(src, name, f.Tag.Get("secret") == "true")
		if err != nil {
			problems = append(problems, Problem{name, err.Error()})
			continue
		}
		if !set {
			raw = f.Tag.Get("default")
			if prod, ok := f.Tag.Lookup("prod"); ok && mode == Production {
				raw = prod
			}
		}
		if err := assign(v.Field(i), raw); err != nil {
			problems = append(problems, Problem{name, err.Error()})
		}
	}
	problems = append(problems, validate(&cfg)...)
	if cfg.Mode == Production {
		problems = append(problems, productionProblems(&cfg)...)
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return &cfg, nil
}

// lookup returns a variable's value, or for secrets the content of NAME_FILE when NAME is empty.
func lookup(src Source, name string, secret bool) (string, bool, error) {
	if val, ok := src.Lookup(name); ok && val != "" {
		return val, true, nil
	}
	if !secret {
		return "", false, nil
	}
	path, ok := src.Lookup(name + "_FILE")
	if !ok || path == "" {
		return "", false, nil
	}
	b, err := src.ReadFile(path)
	if err != nil {
		return "", false, fmt.Errorf("cannot read %s_FILE: %w", name, errors.Unwrap(err))
	}
	return strings.TrimRight(string(b), "\r\n"), true, nil
}

func assign(field reflect.Value, raw string) error {
	switch field.Interface().(type) {
	case string, Mode:
		field.SetString(raw)
	case bool:
		if raw == "" {
			return nil
		}
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("%q is not true or false", raw)
		}
		field.SetBool(b)
	case int:
		if raw == "" {
			return nil
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		field.SetInt(int64(n))
	case int64:
		if raw == "" {
			return nil
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		field.SetInt(n)
	case time.Duration:
		if raw == "" {
			return nil
		}
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 30s or 2m", raw)
		}
		field.SetInt(int64(d))
	default:
		return fmt.Errorf("unsupported field type %s", field.Type())
	}
	return nil
}

var validate = func() func(*Config) []Problem {
	v := validator.New(validator.WithRequiredStructEnabled())
	envName := map[string]string{}
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		envName[t.Field(i).Name] = t.Field(i).Tag.Get("env")
	}
	return func(cfg *Config) []Problem {
		err := v.Struct(cfg)
		var verrs validator.ValidationErrors
		if !errors.As(err, &verrs) {
			return nil
		}
		problems := make([]Problem, 0, len(verrs))
		for _, fe := range verrs {
			problems = append(problems, Problem{envName[fe.StructField()], describe(fe)})
		}
		return problems
	}
}()

func describe(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "must be set"
	case "oneof":
		return "must be one of: " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters"
		}
		return "is too small"
	case "url":
		return "must be an absolute URL such as https://integrity.example.gov.tw"
	case "hostname_port":
		return "must be host:port, such as localhost:8080"
	}
	return "is not valid (" + fe.Tag() + ")"
}

// productionProblems are the development shortcuts production refuses.
func productionProblems(cfg *Config) []Problem {
	var p []Problem
	if cfg.DatabaseURL == "" {
		p = append(p, Problem{"DATABASE_URL", "must be set in production (the private cluster is for development)"})
	}
	if cfg.SessionSecret == "" {
		p = append(p, Problem{"PORTAL_SESSION_SECRET", "must be set in production (or PORTAL_SESSION_SECRET_FILE)"})
	}
	if cfg.ReceiptPepper == "" {
		p = append(p, Problem{"PORTAL_RECEIPT_PEPPER", "must be set in production (or PORTAL_RECEIPT_PEPPER_FILE)"})
	}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Scheme != "https" {
		p = append(p, Problem{"PORTAL_BASE_URL", "must start with https:// in production"})
	}
	t := reflect.TypeOf(*cfg)
	v := reflect.ValueOf(*cfg)
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("dev") == "true" && v.Field(i).Bool() {
			p = append(p, Problem{t.Field(i).Tag.Get("env"), "is a development-only switch and must be off in production"})
		}
	}
	return p
}
