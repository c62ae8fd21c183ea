package cases

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/testdb"
)

func TestReporterStatus(t *testing.T) {
	want := map[string]string{
		"received": "received", "triage": "received", "awaiting_info": "in_progress", "investigating": "in_progress",
		"closure_pending": "in_progress", "reopened": "in_progress", "referred": "referred", "closed": "closed", "shredded": "closed",
	}
	for status, reporter := range want {
		if got := ReporterStatus(status); got != reporter {
			t.Errorf("ReporterStatus(%s) = %s, want %s", status, got, reporter)
		}
	}
}

// TestCaseStoreKeepsCasesApart creates two cases and checks that entries, attachments and grants of
// one are never found through the other, and that a chunked attachment comes back whole.
func TestCaseStoreKeepsCasesApart(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	recovery, _ := crypto.NewRecoveryKey()
	var ids [2]int64
	var keys [2]crypto.CaseKeys
	for i := range ids {
		keys[i], _ = crypto.NewCaseKeys()
		receipt := crypto.DeriveReceiptKeys(crypto.NewReceipt(), []byte("pepper"), crypto.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1})
		err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
			var err error
			ids[i], err = Create(ctx, tx, NewCase{Kind: KindReport, Category: "other", Channel: "web"}, keys[i], receipt, recovery.Recipient())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, grant, err := ByReceipt(ctx, db, receipt.Lookup)
		if err != nil || got != ids[i] {
			t.Fatalf("ByReceipt = %d, %v", got, err)
		}
		if _, err := crypto.OpenGrant(grant, receipt.Seal.Identity()); err != nil {
			t.Fatal("the receipt grant does not open with the receipt")
		}
	}
	entry, err := AddEntry(ctx, db, ids[0], EntryReport, AuthorReporter, "mailbox", []byte("case zero"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewAttachment(ctx, db, ids[0], entry)
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("0123456789abcdef"), ChunkSize/8+3) // two chunks and a bit
	w.Write(content)
	attID, err := w.Finish([]byte("meta"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := CopyAttachment(ctx, db, ids[0], attID, &out); err != nil || !bytes.Equal(out.Bytes(), content) {
		t.Fatalf("attachment came back with %d bytes, %v", out.Len(), err)
	}
	if err := CopyAttachment(ctx, db, ids[1], attID, &out); !errors.Is(err, ErrNotFound) {
		t.Errorf("attachment of case 0 read through case 1: %v", err)
	}
	if list, _ := Entries(ctx, db, ids[1], "mailbox", keys[1].Mailbox); len(list) != 0 {
		t.Errorf("case 1 shows %d entries of case 0", len(list))
	}
	if list, _ := Attachments(ctx, db, ids[1]); len(list) != 0 {
		t.Error("case 1 lists case 0's attachment")
	}
	// Case 1's identity cannot open case 0's entries even if it could read them.
	if _, err := Entries(ctx, db, ids[0], "mailbox", keys[1].Mailbox); err == nil {
		t.Error("another case's key opened the entries")
	}
	var grants int
	db.QueryRow(ctx, "SELECT count(*) FROM case_grants WHERE case_id = $1", ids[0]).Scan(&grants)
	if grants != 3 { // recovery ×2 and the receipt: no officers exist here
		t.Errorf("%d grants, want 3", grants)
	}
}
