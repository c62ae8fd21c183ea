package intake

import (
	"context"
	"encoding/json"
	"fmt"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/officekeys"
)

// submission is a new case: its plaintext metadata and what gets sealed.
type submission struct {
	meta      cases.NewCase
	entryKind string
	content   any // sealed to the mailbox key
	identity  any // optional; sealed to the internal key
}

// submitted is what the receipt page shows.
type submitted struct {
	receipt crypto.Receipt
	files   []cases.AttachmentMeta
}

// submit stores a case in one transaction: metadata, grants, lookup value, the sealed content and
// identity, and every file the form still holds. Any error rolls all of it back.
func (in *Intake) submit(ctx context.Context, form *formReader, s submission) (submitted, error) {
	var out submitted
	recoveryText, err := officekeys.RecoveryRecipient(ctx, in.DB)
	if err != nil {
		return out, err
	}
	recovery, err := crypto.ParseRecipient(recoveryText)
	if err != nil {
		return out, err
	}
	out.receipt = crypto.NewReceipt()
	receiptKeys, err := in.deriveReceipt(ctx, out.receipt)
	if err != nil {
		return out, err
	}
	keys, err := crypto.NewCaseKeys()
	if err != nil {
		return out, err
	}

	err = pgx.BeginFunc(ctx, in.DB, func(tx pgx.Tx) error {
		caseID, err := cases.Create(ctx, tx, s.meta, keys, receiptKeys, recovery)
		if err != nil {
			return err
		}
		content, err := json.Marshal(s.content)
		if err != nil {
			return err
		}
		entryID, err := cases.AddEntry(ctx, tx, caseID, s.entryKind, cases.AuthorReporter, "mailbox", content)
		if err != nil {
			return err
		}
		if s.identity != nil {
			b, err := json.Marshal(s.identity)
			if err != nil {
				return err
			}
			if _, err := cases.AddEntry(ctx, tx, caseID, cases.EntryIdentity, cases.AuthorReporter, "internal", b); err != nil {
				return err
			}
		}
		if form != nil {
			if out.files, err = in.storeFiles(ctx, tx, form, caseID, entryID, keys.Mailbox.Recipient()); err != nil {
				return err
			}
		}
		if in.afterAttachments != nil {
			in.afterAttachments(ctx)
		}
		// A reporter who went away never sees the receipt: a case stored now could never be followed.
		return ctx.Err()
	})
	if err != nil {
		return submitted{}, fmt.Errorf("intake: submit: %w", err)
	}
	return out, nil
}

// storeFiles stores every remaining file of the form as attachments of an entry.
func (in *Intake) storeFiles(ctx context.Context, tx pgx.Tx, form *formReader, caseID, entryID int64, mailbox age.Recipient) ([]cases.AttachmentMeta, error) {
	budget := &fileBudget{perFile: in.FileMax, total: in.TotalMax}
	var files []cases.AttachmentMeta
	for {
		part, err := form.nextFile()
		if err != nil {
			return nil, err
		}
		if part == nil {
			return files, nil
		}
		meta, err := storeFile(ctx, tx, caseID, entryID, mailbox, part, budget)
		if err != nil {
			return nil, err
		}
		files = append(files, meta)
	}
}
