package holders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/store"
)

// Kind is the kind of holder: a buyer or a supplier.
type Kind string

const (
	KindBuyer    Kind = "buyer"
	KindSupplier Kind = "supplier"
)

// Buyer is a buyer's page: its figures, and its flags from Run (none before the first run).
type Buyer struct {
	Figures store.BuyerFigures
	Flags   flags.Holder
	Run     *flags.Run
}

// Supplier is a supplier's page: its figures, its lost bids and co-bidders, and its flags from Run
// (none before the first run).
type Supplier struct {
	Figures store.SupplierFigures
	Rivals  store.SupplierRivals
	Flags   flags.Holder
	Run     *flags.Run
}

// stored is what a row of procurement_holder_figures holds.
type stored[F any] struct {
	Figures F            `json:"figures"`
	Flags   flags.Holder `json:"flags"`
	// Rivals are a supplier's: for the busiest of a million processes they take seconds to compute.
	// A supplier's page stored before they were has none, and they are computed on request.
	Rivals *store.SupplierRivals `json:"rivals,omitempty"`
}

// ReadBuyer returns a buyer's page, stored if current, else computed; store.ErrNotFound when no
// process names the buyer.
func ReadBuyer(ctx context.Context, db database.DB, id string) (Buyer, error) {
	s, run, err := read(ctx, db, KindBuyer, id, computeBuyer)
	return Buyer{Figures: s.Figures, Flags: s.Flags, Run: run}, err
}

// ReadSupplier returns a supplier's page, stored if current, else computed; store.ErrNotFound when
// it neither won an award nor appears as a bidder.
func ReadSupplier(ctx context.Context, db database.DB, id string) (Supplier, error) {
	s, run, err := read(ctx, db, KindSupplier, id, computeSupplier)
	if err == nil && s.Rivals == nil {
		s.Rivals = new(store.SupplierRivals)
		*s.Rivals, err = store.Rivals(ctx, db, id)
	}
	if err != nil {
		return Supplier{}, err
	}
	return Supplier{Figures: s.Figures, Rivals: *s.Rivals, Flags: s.Flags, Run: run}, nil
}

// read returns a holder's page, stored if current, else computed, with the run of its flags.
func read[F any](ctx context.Context, db database.DB, kind Kind, id string,
	compute func(context.Context, database.DB, string, bool) (stored[F], error)) (stored[F], *flags.Run, error) {
	run, err := flags.LastRun(ctx, db)
	if err != nil {
		return stored[F]{}, nil, err
	}
	s, found, err := readStored[F](ctx, db, kind, id, run)
	if err != nil || found {
		return s, run, err
	}
	s, err = compute(ctx, db, id, run != nil)
	return s, run, err
}

// readStored reads the holder's stored page if it is current (see the package comment).
func readStored[F any](ctx context.Context, db database.DB, kind Kind, id string, run *flags.Run) (stored[F], bool, error) {
	var s stored[F]
	if run == nil {
		return s, false, nil
	}
	var doc []byte
	err := db.QueryRow(ctx, `
SELECT h.figures
FROM procurement_holder_figures h JOIN procurement_holder_refreshes r USING (run_id)
WHERE h.kind = $1 AND h.id = $2 AND h.run_id = $3 AND r.finished_at IS NOT NULL
    AND `+store.SeesEveryChange("r.snapshot"),
		string(kind), id, run.ID).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("holders: read %s %s: %w", kind, id, err)
	}
	if err := json.Unmarshal(doc, &s); err != nil {
		return s, false, fmt.Errorf("holders: read %s %s: %w", kind, id, err)
	}
	return s, true, nil
}

// computeBuyer computes a buyer's page, with its flags if withFlags (there has been a run).
func computeBuyer(ctx context.Context, db database.DB, id string, withFlags bool) (stored[store.BuyerFigures], error) {
	var s stored[store.BuyerFigures]
	var err error
	if s.Figures, err = store.Buyer(ctx, db, id); err != nil {
		return s, err
	}
	if withFlags {
		s.Flags, err = flags.ForBuyer(ctx, db, id)
	}
	return s, err
}

// computeSupplier computes a supplier's page, with its flags if withFlags (there has been a run).
func computeSupplier(ctx context.Context, db database.DB, id string, withFlags bool) (stored[store.SupplierFigures], error) {
	var s stored[store.SupplierFigures]
	var err error
	if s.Figures, err = store.Supplier(ctx, db, id); err != nil {
		return s, err
	}
	s.Rivals = new(store.SupplierRivals)
	if *s.Rivals, err = store.Rivals(ctx, db, id); err != nil {
		return s, err
	}
	if withFlags {
		s.Flags, err = flags.ForSupplier(ctx, db, id)
	}
	return s, err
}
