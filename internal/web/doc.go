// Package web is the house every page lives in: the gin engine and its middleware, the layout and
// rendering, error pages, CSRF, security headers, cookies, languages and static assets.
//
// Invariants:
//   - nothing here logs or stores a client address, User-Agent, query string or form value;
//   - every response but a static asset carries Cache-Control: no-store and the strict CSP;
//   - every POST (PUT, PATCH, DELETE) passes the CSRF check before its handler runs;
//   - templates are parsed when the Site is built, so a missing or broken one fails start-up;
//   - the browser never sees an internal error's text: handlers call Site.Fail or Site.Error.
package web
