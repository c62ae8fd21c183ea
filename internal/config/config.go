// Package config builds the portal's one configuration struct from environment variables.
//
// Invariants: every variable is read here and nowhere else; a secret may also come from a file named by
// the same variable with a _FILE suffix (the file wins only when the plain variable is empty); Load never
// returns a Config that failed validation, and in production it refuses development shortcuts, naming
// each problem.
package config

import (
	"reflect"
	"time"
)

// Mode is development (the local default) or production.
type Mode string

const (
	Development Mode = "development"
	Production  Mode = "production"
)

// Config is the whole runtime configuration. Field tags name the environment variable, its default and
// the validation rule; the README's configuration table is written from them.
type Config struct {
	Mode    Mode   `env:"PORTAL_MODE" default:"development" validate:"oneof=development production" doc:"development or production"`
	Listen  string `env:"PORTAL_LISTEN" default:"localhost:8080" validate:"required,hostname_port" doc:"address the web server listens on"`
	BaseURL string `env:"PORTAL_BASE_URL" default:"http://localhost:8080" validate:"required,url" doc:"public address of the portal; https:// in production"`

	DatabaseURL string `env:"DATABASE_URL" secret:"true" doc:"PostgreSQL connection string; empty: a private cluster under PORTAL_VAR_DIR"`
	// MigrationDatabaseURL is the owner's: the serving role of DATABASE_URL may not change the schema
	// nor the audit log's history (docs/operations.md).
	MigrationDatabaseURL string `env:"MIGRATION_DATABASE_URL" secret:"true" doc:"PostgreSQL connection string of the owner role, which runs the migrations; empty: DATABASE_URL (which then owns the tables, and production refuses to serve)"`
	VarDir               string `env:"PORTAL_VAR_DIR" default:"./var" validate:"required" doc:"where development state lives: the private PostgreSQL cluster, the development recovery key"`
	AutoMigrate          bool   `env:"PORTAL_AUTO_MIGRATE" default:"true" prod:"false" doc:"apply pending migrations when serve starts; false: refuse to serve a schema that is behind (run portal migrate)"`

	// SessionSecret keys the CSRF tokens and other server-side MACs.
	SessionSecret string `env:"PORTAL_SESSION_SECRET" secret:"true" validate:"omitempty,min=32" doc:"at least 32 random characters; required in production; development keeps one in PORTAL_VAR_DIR"`

	// ReceiptPepper salts the receipt KDF: with the database alone, receipts cannot even be guessed.
	ReceiptPepper string `env:"PORTAL_RECEIPT_PEPPER" secret:"true" validate:"omitempty,min=32" doc:"at least 32 random characters; required in production; development keeps one in PORTAL_VAR_DIR"`
	OnionLocation string `env:"PORTAL_ONION_LOCATION" validate:"omitempty,url" doc:"the portal's .onion address; when set, pages send an Onion-Location header (docs/tor.md)"`

	UploadFileMax        int64         `env:"PORTAL_UPLOAD_FILE_MAX" default:"52428800" validate:"min=1024" doc:"largest evidence file, in bytes (50 MiB)"`
	UploadTotalMax       int64         `env:"PORTAL_UPLOAD_TOTAL_MAX" default:"209715200" validate:"min=1024" doc:"largest total of a report's files, in bytes (200 MiB)"`
	ProcurementUploadMax int64         `env:"PORTAL_PROCUREMENT_UPLOAD_MAX" default:"536870912" validate:"min=1024" doc:"largest data file (procurement or applications) a data officer may upload, in bytes (512 MiB)"`
	UploadTimeout        time.Duration `env:"PORTAL_UPLOAD_TIMEOUT" default:"30m" validate:"min=1000000000" doc:"longest time a report with files may take to upload (Tor is slow)"`

	// MemoryBudget bounds the memory-hard work running at once (officer password checks, 256 MiB each;
	// receipt KDFs, 32 MiB each); past it a request waits up to MemoryWait, then is told to retry.
	MemoryBudget int64         `env:"PORTAL_MEMORY_BUDGET" default:"402653184" validate:"min=268435456" doc:"memory for password checks and receipt KDFs at once, in bytes (384 MiB; at least 256 MiB, one password check)"`
	MemoryWait   time.Duration `env:"PORTAL_MEMORY_WAIT" default:"5s" validate:"min=0" doc:"how long a sign-in or receipt waits for that memory before the busy page (503)"`

	// UploadsInFlight bounds the uploads waiting on their clients at once; the next one is told to come
	// back in a minute instead of hanging.
	UploadsInFlight int `env:"PORTAL_UPLOADS_IN_FLIGHT" default:"8" validate:"min=1" doc:"uploads (reports, suggestions, mailbox replies, data files) read at once; the next gets a busy page (503)"`
	// The database pools: the pages' and officers' pool, and a separate small one for intake's writes,
	// so neither can starve the other.
	DBConns       int `env:"PORTAL_DB_CONNS" default:"0" validate:"min=0" doc:"connections of the main database pool; 0: the number of CPUs, at least 4"`
	DBIntakeConns int `env:"PORTAL_DB_INTAKE_CONNS" default:"2" validate:"min=1" doc:"connections of the separate pool that stores submissions and mailbox replies"`

	DeadlineAcknowledge int `env:"PORTAL_DEADLINE_ACKNOWLEDGE_DAYS" default:"7" validate:"min=1" doc:"days to acknowledge a report"`
	DeadlineFeedback    int `env:"PORTAL_DEADLINE_FEEDBACK_DAYS" default:"90" validate:"min=1" doc:"days to tell the reporter how the case is handled"`
	DeadlineActAccept   int `env:"PORTAL_DEADLINE_ACT_ACCEPT_DAYS" default:"20" validate:"min=1" doc:"Whistleblower Protection Act: days to the notice of acceptance"`
	DeadlineActResult   int `env:"PORTAL_DEADLINE_ACT_RESULT_DAYS" default:"180" validate:"min=1" doc:"Whistleblower Protection Act: days to the notice of the result"`

	// Retention: days after closure before a case is crypto-shredded, by outcome (docs/operations.md).
	RetentionSubstantiated   int `env:"PORTAL_RETENTION_SUBSTANTIATED_DAYS" default:"3650" validate:"min=30" doc:"days a substantiated case is kept after closure"`
	RetentionUnsubstantiated int `env:"PORTAL_RETENTION_UNSUBSTANTIATED_DAYS" default:"1825" validate:"min=30" doc:"days an unsubstantiated case is kept after closure"`
	RetentionCleared         int `env:"PORTAL_RETENTION_CLEARED_DAYS" default:"1825" validate:"min=30" doc:"days a case that cleared the person named is kept after closure"`
	RetentionNotAccepted     int `env:"PORTAL_RETENTION_NOT_ACCEPTED_DAYS" default:"1095" validate:"min=30" doc:"days a report not accepted is kept after closure"`
	RetentionTransferred     int `env:"PORTAL_RETENTION_TRANSFERRED_DAYS" default:"1095" validate:"min=30" doc:"days a case transferred to another agency is kept after closure"`
	RetentionMerged          int `env:"PORTAL_RETENTION_MERGED_DAYS" default:"1095" validate:"min=30" doc:"days a case merged into another is kept after closure"`
	RetentionSuggestion      int `env:"PORTAL_RETENTION_SUGGESTION_DAYS" default:"1095" validate:"min=30" doc:"days a reform suggestion is kept after closure"`

	// The office's contact details, shown in every page's footer and on the privacy and accessibility
	// pages; the defaults are the city's published ones.
	OfficeName      string `env:"PORTAL_OFFICE_NAME" default:"臺中市政府政風處" validate:"required" doc:"the ethics office's name, in Chinese"`
	OfficeNameEn    string `env:"PORTAL_OFFICE_NAME_EN" default:"Ethics Office, Taichung City Government" validate:"required" doc:"the office's name on English pages"`
	OfficeAddress   string `env:"PORTAL_OFFICE_ADDRESS" default:"40701臺中市西屯區臺灣大道三段99號" validate:"required" doc:"the office's postal address, where reports may be posted or brought in person"`
	OfficeAddressEn string `env:"PORTAL_OFFICE_ADDRESS_EN" default:"No. 99, Sec. 3, Taiwan Blvd., Xitun Dist., Taichung City 40701, Taiwan" validate:"required" doc:"the same address on English pages"`
	OfficePhone     string `env:"PORTAL_OFFICE_PHONE" default:"04-22289111" validate:"required" doc:"the office's telephone number, as dialled in Taiwan"`
	OfficeHours     string `env:"PORTAL_OFFICE_HOURS" default:"週一至週五 08:00–12:00、13:30–17:30" validate:"required" doc:"the office's opening hours, in Chinese"`
	OfficeHoursEn   string `env:"PORTAL_OFFICE_HOURS_EN" default:"Monday to Friday, 08:00–12:00 and 13:30–17:30" validate:"required" doc:"the same hours on English pages"`

	MetricsListen string `env:"PORTAL_METRICS_LISTEN" validate:"omitempty,hostname_port" doc:"address for Prometheus /metrics; empty: off"`
	LogFormat     string `env:"PORTAL_LOG_FORMAT" default:"text" prod:"json" validate:"oneof=text json" doc:"text or json"`

	MaxBodyBytes    int64         `env:"PORTAL_MAX_BODY_BYTES" default:"1048576" validate:"min=1024" doc:"largest request body accepted by ordinary routes"`
	RequestTimeout  time.Duration `env:"PORTAL_REQUEST_TIMEOUT" default:"30s" validate:"min=1000000000" doc:"longest time a request may take"`
	ShutdownTimeout time.Duration `env:"PORTAL_SHUTDOWN_TIMEOUT" default:"20s" validate:"min=0" doc:"how long in-flight requests may finish after SIGTERM"`

	// DevInsecureCookies drops the Secure flag and __Host- prefix so cookies work on http://localhost.
	DevInsecureCookies bool `env:"PORTAL_DEV_INSECURE_COOKIES" default:"true" prod:"false" dev:"true" doc:"development only: cookies without Secure, for http://localhost"`
	// DevDemo lets the demo command load demo data.
	DevDemo bool `env:"PORTAL_DEV_DEMO" default:"true" prod:"false" dev:"true" doc:"development only: allow portal demo to load demo data"`
}

// RetentionPeriod is how many days after closure one kind of closed case is kept.
type RetentionPeriod struct {
	Outcome string // substantiated, unsubstantiated, cleared, not_accepted, transferred, merged, suggestion
	Days    int
}

// RetentionPeriods lists the retention periods, longest first, in the order the public pages show them.
func (c *Config) RetentionPeriods() []RetentionPeriod {
	return []RetentionPeriod{
		{"substantiated", c.RetentionSubstantiated},
		{"unsubstantiated", c.RetentionUnsubstantiated},
		{"cleared", c.RetentionCleared},
		{"not_accepted", c.RetentionNotAccepted},
		{"transferred", c.RetentionTransferred},
		{"merged", c.RetentionMerged},
		{"suggestion", c.RetentionSuggestion},
	}
}

// Production reports whether the portal runs in production mode.
func (c *Config) Production() bool { return c.Mode == Production }

// Problem is one thing wrong with the configuration, named by its variable.
type Problem struct {
	Var    string
	Reason string
}

func (p Problem) String() string { return p.Var + ": " + p.Reason }

// Error lists every problem found, so an operator fixes them all in one go.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	s := "configuration is not valid:"
	for _, p := range e.Problems {
		s += "\n  - " + p.String()
	}
	return s
}

// Variable describes one environment variable, for the README and `portal -h`.
type Variable struct {
	Name, Default, ProductionDefault, Doc string
	Secret                                bool
}

// Variables lists every variable Load reads, in declaration order.
func Variables() []Variable {
	var vs []Variable
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		prod, ok := f.Tag.Lookup("prod")
		if !ok {
			prod = f.Tag.Get("default")
		}
		vs = append(vs, Variable{Name: f.Tag.Get("env"), Default: f.Tag.Get("default"), ProductionDefault: prod,
			Doc: f.Tag.Get("doc"), Secret: f.Tag.Get("secret") == "true"})
	}
	return vs
}
