package admin

import (
	"context"
	"fmt"

	"integrity-portal/internal/database"
)

// DemoLoaded reports whether any demo data set has been loaded, so that pages can say so. An error
// counts as "not loaded": the banner is a courtesy, never a reason to fail a page.
func DemoLoaded(ctx context.Context, db database.DB) bool {
	var loaded bool
	err := db.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM demo_loads)").Scan(&loaded)
	return err == nil && loaded
}

// RecordDemoLoad notes that a demo data set was loaded.
func RecordDemoLoad(ctx context.Context, db database.DB, what string) error {
	if _, err := db.Exec(ctx, "INSERT INTO demo_loads (what) VALUES ($1)", what); err != nil {
		return fmt.Errorf("admin: record demo load: %w", err)
	}
	return nil
}
