// Package migrations holds the schema as numbered SQL files (NNN_name.sql), applied in order by
// internal/database. A file, once released, is never edited: a change is a new file.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
