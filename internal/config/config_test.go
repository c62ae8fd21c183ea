package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func source(vars map[string]string) Source {
	return Source{
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		ReadFile: func(p string) ([]byte, error) {
			if v, ok := vars["file:"+p]; ok {
				return []byte(v), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		},
	}
}

func TestDevelopmentDefaults(t *testing.T) {
	cfg, err := Load(source(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mode != Development || cfg.Listen != "localhost:8080" || !cfg.AutoMigrate || !cfg.DevInsecureCookies || cfg.LogFormat != "text" {
		t.Errorf("unexpected development defaults: %+v", cfg)
	}
}

const secret = "0123456789abcdef0123456789abcdef"

func validProduction() map[string]string {
	return map[string]string{
		"PORTAL_MODE":           "production",
		"PORTAL_BASE_URL":       "https://integrity.example.gov.tw",
		"DATABASE_URL":          "postgres://portal@db/portal",
		"PORTAL_SESSION_SECRET": secret,
		"PORTAL_RECEIPT_PEPPER": secret,
	}
}

func TestProductionAcceptsRealSettings(t *testing.T) {
	cfg, err := Load(source(validProduction()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DevInsecureCookies || cfg.DevDemo || cfg.AutoMigrate || cfg.LogFormat != "json" {
		t.Errorf("production defaults not applied: %+v", cfg)
	}
}

func TestProductionRefusesAndNamesEachProblem(t *testing.T) {
	cases := []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"http base URL", map[string]string{"PORTAL_BASE_URL": "http://integrity.example.gov.tw"}, "PORTAL_BASE_URL: must start with https://"},
		{"no session secret", map[string]string{"PORTAL_SESSION_SECRET": ""}, "PORTAL_SESSION_SECRET: must be set in production"},
		{"no pepper", map[string]string{"PORTAL_RECEIPT_PEPPER": ""}, "PORTAL_RECEIPT_PEPPER: must be set in production"},
		{"short secret", map[string]string{"PORTAL_SESSION_SECRET": "short"}, "PORTAL_SESSION_SECRET: must be at least 32 characters"},
		{"no database", map[string]string{"DATABASE_URL": ""}, "DATABASE_URL: must be set in production"},
		{"dev cookies on", map[string]string{"PORTAL_DEV_INSECURE_COOKIES": "true"}, "PORTAL_DEV_INSECURE_COOKIES: is a development-only switch"},
		{"dev demo on", map[string]string{"PORTAL_DEV_DEMO": "1"}, "PORTAL_DEV_DEMO: is a development-only switch"},
		{"bad bool", map[string]string{"PORTAL_AUTO_MIGRATE": "yes please"}, `PORTAL_AUTO_MIGRATE: "yes please" is not true or false`},
		{"bad duration", map[string]string{"PORTAL_REQUEST_TIMEOUT": "soon"}, "PORTAL_REQUEST_TIMEOUT: \"soon\" is not a duration"},
		{"bad listen", map[string]string{"PORTAL_LISTEN": "8080"}, "PORTAL_LISTEN: must be host:port"},
		{"bad mode", map[string]string{"PORTAL_MODE": "staging"}, "PORTAL_MODE: must be one of"},
	}
	for _, c := range cases {
		vars := validProduction()
		for k, v := range c.change {
			vars[k] = v
		}
		_, err := Load(source(vars))
		var cerr *Error
		if !errors.As(err, &cerr) {
			t.Errorf("%s: err = %v, want *Error", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not say %q", c.name, err, c.want)
		}
	}

	// Several problems at once are all reported, so the operator fixes them in one go.
	_, err := Load(source(map[string]string{"PORTAL_MODE": "production"}))
	var cerr *Error
	if !errors.As(err, &cerr) || len(cerr.Problems) < 3 {
		t.Errorf("want every problem listed, got %v", err)
	}
}

func TestSecretsFromFiles(t *testing.T) {
	vars := validProduction()
	delete(vars, "PORTAL_SESSION_SECRET")
	vars["PORTAL_SESSION_SECRET_FILE"] = "/run/secrets/session"
	vars["file:/run/secrets/session"] = secret + "-from-file\n"
	cfg, err := Load(source(vars))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SessionSecret != secret+"-from-file" {
		t.Errorf("SessionSecret = %q, want the file's content without its newline", cfg.SessionSecret)
	}

	vars["PORTAL_SESSION_SECRET_FILE"] = "/run/secrets/missing"
	if _, err := Load(source(vars)); err == nil || !strings.Contains(err.Error(), "PORTAL_SESSION_SECRET: cannot read PORTAL_SESSION_SECRET_FILE") {
		t.Errorf("missing secret file: %v", err)
	}
	// A _FILE variant of a non-secret is ignored rather than read.
	vars = validProduction()
	vars["PORTAL_LISTEN_FILE"] = "/etc/passwd"
	if _, err := Load(source(vars)); err != nil {
		t.Errorf("non-secret _FILE: %v", err)
	}
}

// TestReadmeListsEveryVariable keeps the README's configuration table true.
func TestReadmeListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables() {
		if !strings.Contains(string(b), "`"+v.Name+"`") {
			t.Errorf("README.md does not document %s", v.Name)
		}
	}
}

// FuzzLoad feeds arbitrary values to every variable: Load must return a config or an *Error, never
// panic, and a config it returns must be valid.
func FuzzLoad(f *testing.F) {
	f.Add("production", "https://x.example", "localhost:8080", "30s", "true", "1048576")
	f.Add("development", "http://localhost:8080", ":0", "-1s", "maybe", "-5")
	f.Add("", "::::", "[::1]:80", "1h", "", "99999999999999999999")
	f.Fuzz(func(t *testing.T, mode, base, listen, timeout, flag, size string) {
		vars := map[string]string{
			"PORTAL_MODE": mode, "PORTAL_BASE_URL": base, "PORTAL_LISTEN": listen,
			"PORTAL_REQUEST_TIMEOUT": timeout, "PORTAL_DEV_DEMO": flag, "PORTAL_MAX_BODY_BYTES": size,
			"PORTAL_SESSION_SECRET": secret, "PORTAL_RECEIPT_PEPPER": secret, "DATABASE_URL": "postgres:///x",
		}
		cfg, err := Load(source(vars))
		if err != nil {
			var cerr *Error
			if !errors.As(err, &cerr) || len(cerr.Problems) == 0 {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if cfg.Mode != Development && cfg.Mode != Production {
			t.Fatalf("accepted mode %q", cfg.Mode)
		}
		if cfg.Production() && (cfg.DevDemo || !strings.HasPrefix(cfg.BaseURL, "https://")) {
			t.Fatalf("production accepted a development setting: %+v", cfg)
		}
		if cfg.MaxBodyBytes < 1024 {
			t.Fatalf("accepted body limit %d", cfg.MaxBodyBytes)
		}
	})
}
