package web

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"integrity-portal/internal/config"
	"integrity-portal/internal/i18n"
)

// Site holds what every handler needs to answer a browser. Build it once with NewSite.
type Site struct {
	cfg     *config.Config
	log     *slog.Logger
	cat     i18n.Catalogues
	pages   *renderer
	assets  *assets
	csrfKey []byte
	demo    demoFlag
	ready   func(ctx context.Context) error
	metrics *Metrics
	missing []string
	limits  map[string]Limits
	uploads chan struct{} // the slots of uploads in flight (UploadSlot)
	// ownChecks are the routes that check their own input (ChecksOwnInput).
	ownChecks map[string]bool
	// errorWriters answer errors under a path prefix instead of the HTML page (see JSONErrors).
	errorWriters map[string]ErrorWriter
}

// Options are the parts of a Site that come from outside the web package.
type Options struct {
	Config *config.Config
	Logger *slog.Logger
	// Pages are the template folders of the actor packages (portal, intake, admin), keyed by a prefix
	// that names their templates, e.g. "portal" → "portal/home".
	Pages map[string]fs.FS
	// CSRFKey signs CSRF tokens; at least 32 bytes.
	CSRFKey []byte
	// Ready reports whether the portal can serve: database reachable and schema current.
	Ready func(ctx context.Context) error
	// Demo reports whether demo data is loaded, so every page can say so.
	Demo func(ctx context.Context) bool
	// Metrics, when not nil, counts requests by route.
	Metrics *Metrics
}

// NewSite parses every template and catalogue; any error here stops the start.
func NewSite(o Options) (*Site, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	r, err := newRenderer(o.Pages, a)
	if err != nil {
		return nil, err
	}
	s := &Site{cfg: o.Config, log: o.Logger, cat: cat, pages: r, assets: a, csrfKey: o.CSRFKey,
		ready: o.Ready, metrics: o.Metrics, uploads: make(chan struct{}, max(1, o.Config.UploadsInFlight))}
	s.demo = demoFlag{check: o.Demo, ttl: 30 * time.Second}
	return s, nil
}

// Catalogues gives access to the messages, e.g. for command-line output.
func (s *Site) Catalogues() i18n.Catalogues { return s.cat }
