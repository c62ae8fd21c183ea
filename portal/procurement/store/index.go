package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Index holds, in memory, what Search filters and sorts on for every process, so that a search
// runs without the database but for fetching its page's rows (see Searcher). It is built from one
// snapshot of the database and answers exactly as Search would on that snapshot.
//
// Processes are numbered in the default order (process date, then ocid, both descending), so that
// walking the numbers is walking that order. A keyword's candidates come from the posting lists of
// its adjacent character pairs (every occurrence of the keyword holds them all); strings.Contains on
// the normalised text then decides, as strpos does in Search.
type Index struct {
	runID    int64  // the red-flags run whose flags the index holds; 0 before the first
	snapshot string // pg_current_snapshot() of the build

	ocids    []string
	texts    []string // search_text
	buyer    []int32  // into buyers; -1 for none
	buyers   map[string]int32
	supStart []int32 // suppliers of process i: supList[supStart[i]:supStart[i+1]]
	supList  []int32
	supplier map[string]int32
	method   []uint16 // into methods; 0 for none
	methods  map[string]uint16
	category []uint16 // into categories; 0 for none
	cats     map[string]uint16
	year     []int16 // of the process date in Taiwan time
	amount   []float64
	hasValue []bool
	demo     []bool
	flags    []uint32 // a bit per code of flagBits
	flagBits map[string]uint32

	byAmount   []int32 // process numbers by amount descending, nulls last, then ocid descending
	valued     int     // how many of byAmount have an amount
	amountRank []int32 // the position of each process in byAmount

	pairs map[uint64][]int32 // adjacent character pair → processes holding it, ascending

	buyerLists, supplierLists lists // the processes of each buyer and supplier
	flagLists                 lists // of each flag bit, then of any flag
}

// BuildIndex reads every process and the flags of the last run, in one snapshot, into an Index.
func BuildIndex(ctx context.Context, db interface {
	BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error)
}) (*Index, error) {
	tx, err := db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("store: index: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	x := &Index{buyers: map[string]int32{}, supplier: map[string]int32{}, methods: map[string]uint16{"": 0},
		cats: map[string]uint16{"": 0}, flagBits: map[string]uint32{}, pairs: map[uint64][]int32{}}
	err = tx.QueryRow(ctx, `SELECT pg_current_snapshot()::text, COALESCE((SELECT id FROM procurement_flag_runs
WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1), 0)`).Scan(&x.snapshot, &x.runID)
	if err != nil {
		return nil, fmt.Errorf("store: index: %w", err)
	}
	if err := x.readProcesses(ctx, tx); err != nil {
		return nil, err
	}
	if err := x.readFlags(ctx, tx); err != nil {
		return nil, err
	}
	x.sortByAmount()
	x.indexPairs()
	x.indexLists()
	return x, nil
}

func (x *Index) readProcesses(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `
SELECT ocid, search_text, COALESCE(buyer_id, ''), COALESCE(supplier_ids, '{}'), COALESCE(procurement_method, ''),
    COALESCE(main_category, ''), process_date, amount::text, is_demo
FROM procurement_processes ORDER BY process_date DESC, ocid DESC`)
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	var (
		ocid, text, buyer, method, category string
		suppliers                           []string
		date                                time.Time
		amount                              *string
		demo                                bool
	)
	x.supStart = append(x.supStart, 0)
	_, err = pgx.ForEachRow(rows, []any{&ocid, &text, &buyer, &suppliers, &method, &category, &date, &amount, &demo}, func() error {
		x.ocids = append(x.ocids, ocid)
		x.texts = append(x.texts, text)
		x.buyer = append(x.buyer, intern(x.buyers, buyer))
		for _, s := range suppliers {
			x.supList = append(x.supList, intern(x.supplier, s))
		}
		x.supStart = append(x.supStart, int32(len(x.supList)))
		x.method = append(x.method, internSmall(x.methods, method))
		x.category = append(x.category, internSmall(x.cats, category))
		x.year = append(x.year, int16(date.In(taipei).Year()))
		v := 0.0
		if amount != nil {
			f, err := strconv.ParseFloat(*amount, 64)
			if err != nil {
				return fmt.Errorf("amount of %s: %w", ocid, err)
			}
			v = f
		}
		x.amount = append(x.amount, v)
		x.hasValue = append(x.hasValue, amount != nil)
		x.demo = append(x.demo, demo)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	if len(x.methods) > 1<<16-1 || len(x.cats) > 1<<16-1 {
		return fmt.Errorf("store: index: more than %d methods or categories", 1<<16-1)
	}
	x.flags = make([]uint32, len(x.ocids))
	return nil
}

func (x *Index) readFlags(ctx context.Context, tx pgx.Tx) error {
	number := make(map[string]int32, len(x.ocids))
	for i, o := range x.ocids {
		number[o] = int32(i)
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT subject_id, code FROM procurement_flags WHERE subject_type = 'ocid'`)
	if err != nil {
		return fmt.Errorf("store: index: flags: %w", err)
	}
	var ocid, code string
	_, err = pgx.ForEachRow(rows, []any{&ocid, &code}, func() error {
		bit, ok := x.flagBits[code]
		if !ok {
			if len(x.flagBits) == 32 {
				return fmt.Errorf("more than 32 flag codes")
			}
			bit = 1 << len(x.flagBits)
			x.flagBits[code] = bit
		}
		if i, ok := number[ocid]; ok {
			x.flags[i] |= bit
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: index: flags: %w", err)
	}
	return nil
}

// sortByAmount orders the processes as SortValueDesc does: amount descending, nulls last, ties by
// ocid descending, which is their number ascending among equal dates only, so ocids are compared.
func (x *Index) sortByAmount() {
	x.byAmount = make([]int32, len(x.ocids))
	for i := range x.byAmount {
		x.byAmount[i] = int32(i)
	}
	slices.SortFunc(x.byAmount, func(a, b int32) int {
		switch va, vb := x.hasValue[a], x.hasValue[b]; {
		case va && !vb:
			return -1
		case !va && vb:
			return 1
		case va && x.amount[a] != x.amount[b]:
			if x.amount[a] > x.amount[b] {
				return -1
			}
			return 1
		}
		return -strings.Compare(x.ocids[a], x.ocids[b])
	})
	x.amountRank = make([]int32, len(x.ocids))
	for r, i := range x.byAmount {
		x.amountRank[i] = int32(r)
		if x.hasValue[i] {
			x.valued = r + 1
		}
	}
}

// indexPairs fills the posting lists of adjacent character pairs, in one array.
func (x *Index) indexPairs() {
	counts := map[uint64]int32{}
	for _, t := range x.texts {
		eachPair(t, func(p uint64) { counts[p]++ })
	}
	// Counts are an upper bound (a pair twice in one text counts twice); the lists are cut to size.
	var total int32
	for _, n := range counts {
		total += n
	}
	backing := make([]int32, 0, total)
	for i, t := range x.texts {
		eachPair(t, func(p uint64) {
			l, ok := x.pairs[p]
			if !ok {
				start := len(backing)
				backing = backing[:start+int(counts[p])]
				l = backing[start : start : start+int(counts[p])]
			}
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				l = append(l, int32(i))
			}
			x.pairs[p] = l
		})
	}
}

// eachPair calls f with every pair of adjacent characters of s.
func eachPair(s string, f func(uint64)) {
	var prev rune = -1
	for _, r := range s {
		if prev >= 0 {
			f(uint64(prev)<<32 | uint64(uint32(r)))
		}
		prev = r
	}
}

func intern(m map[string]int32, s string) int32 {
	if s == "" {
		return -1
	}
	if i, ok := m[s]; ok {
		return i
	}
	m[s] = int32(len(m))
	return m[s]
}

func internSmall(m map[string]uint16, s string) uint16 {
	if i, ok := m[s]; ok {
		return i
	}
	m[s] = uint16(len(m)) // methods and categories are codelists: a handful of codes
	return m[s]
}
