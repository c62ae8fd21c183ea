package admin

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/web"
)

// A case's subject is sealed to its mailbox key (migrations/022_case_subjects.sql): whoever may read
// the report may read its title, nobody else, and a copy of the database holds no title in the clear.

// subjectMax is the longest subject, in characters: a line of the case list.
const subjectMax = 80

// subjectForm is the subject field of the case page: what it holds and, after a refused save, why.
type subjectForm struct {
	Value   string
	Problem string // message key
	Length  int    // the refused subject's length, for admin.subject.err_long
}

// checkSubject returns the subject to store, or the form to show again with what was typed, made
// printable: a NUL or a broken byte becomes U+FFFD, so the officer sees where it was.
func checkSubject(raw string) (string, *subjectForm) {
	subject := strings.TrimSpace(raw)
	kept := strings.ToValidUTF8(strings.ReplaceAll(raw, "\x00", "\uFFFD"), "\uFFFD")
	switch n := utf8.RuneCountInString(subject); {
	case !web.ValidText(subject, false):
		return "", &subjectForm{Value: kept, Problem: "admin.subject.err_chars"}
	case n > subjectMax:
		return "", &subjectForm{Value: kept, Problem: "admin.subject.err_long", Length: n}
	}
	return subject, nil
}

// openSubject opens one case's subject with its mailbox key; "" when it has none.
func openSubject(ctx context.Context, db database.DB, caseID int64, mailbox age.Identity) (string, error) {
	var sealed []byte
	err := db.QueryRow(ctx, `SELECT sealed FROM case_subjects WHERE case_id = $1`, caseID).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	plain, err := crypto.Open(sealed, mailbox)
	return string(plain), err
}

// openSubjects fills in the subjects of the listed cases that officerID holds the mailbox key of:
// the rows of one page, never more. Each takes opening the officer's grant and then the subject (two
// hybrid decryptions), so they run on every core. A subject that does not open stays empty.
func openSubjects(ctx context.Context, db database.DB, officerID int64, with age.Identity, list []QueueCase) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	at := map[int64]int{}
	for i, q := range list {
		ids[i], at[q.ID] = q.ID, i
	}
	rows, _ := db.Query(ctx, `SELECT s.case_id, g.sealed, s.sealed FROM case_subjects s
		JOIN case_grants g ON g.case_id = s.case_id AND g.officer_id = $1 AND g.key_name = 'mailbox'
		WHERE s.case_id = ANY($2)`, officerID, ids)
	type sealedSubject struct {
		CaseID  int64
		Grant   []byte
		Subject []byte
	}
	found, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sealedSubject])
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	work := make(chan sealedSubject)
	for range min(runtime.GOMAXPROCS(0), len(found)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				key, err := crypto.OpenGrant(s.Grant, with)
				if err != nil {
					continue
				}
				if plain, err := crypto.Open(s.Subject, key); err == nil {
					list[at[s.CaseID]].Subject = string(plain) // each goroutine writes its own rows
				}
			}
		}()
	}
	for _, s := range found {
		work <- s
	}
	close(work)
	wg.Wait()
	return nil
}

// storeSubject seals subject to the case's mailbox key and keeps it, or removes it when empty.
func storeSubject(ctx context.Context, tx pgx.Tx, caseID int64, subject string) error {
	if subject == "" {
		_, err := tx.Exec(ctx, `DELETE FROM case_subjects WHERE case_id = $1`, caseID)
		return err
	}
	sealed, err := cases.SealFor(ctx, tx, caseID, "mailbox", []byte(subject))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO case_subjects (case_id, sealed) VALUES ($1, $2)
		ON CONFLICT (case_id) DO UPDATE SET sealed = EXCLUDED.sealed`, caseID, sealed)
	return err
}
