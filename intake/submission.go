package intake

import (
	"context"
	"encoding/json"
	"fmt"

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
	held      []heldFile
}

// submitted is what the receipt page shows.
type submitted struct {
	receipt crypto.Receipt
	files   []cases.AttachmentMeta
}

// submit stores a case. The form's files are received into spools first, with no transaction open,
// so a slow or stalled client holds no database connection. Then one transaction stores metadata,
// grants, lookup value, the sealed content and identity, and the files; render makes the answer page
// before the commit, so nothing after the commit can lose the receipt. Any error rolls all of it back.
func (in *Intake) submit(ctx context.Context, form *formReader, s submission, render func(submitted) ([]byte, error)) ([]byte, error) {
	recoveryText, err := officekeys.RecoveryRecipient(ctx, in.DB)
	if err != nil {
		return nil, err
	}
	recovery, err := crypto.ParseRecipient(recoveryText)
	if err != nil {
		return nil, err
	}
	// The receipt KDF first: when the memory budget is full, the reporter hears it before sending files.
	out := submitted{receipt: crypto.NewReceipt()}
	receiptKeys, err := in.deriveReceipt(ctx, out.receipt)
	if err != nil {
		return nil, err
	}
	keys, err := crypto.NewCaseKeys()
	if err != nil {
		return nil, err
	}
	var files receivedFiles
	if form != nil {
		budget := &fileBudget{perFile: in.FileMax, total: in.TotalMax}
		if files, err = receiveFiles(form, keys.Mailbox.Recipient(), budget); err != nil {
			return nil, err
		}
		defer files.Close()
	}
	if len(s.held) > 0 {
		kept, err := in.rekeyHeld(ctx, s.held, keys.Mailbox.Recipient())
		if err != nil {
			return nil, err
		}
		defer kept.Close()
		files = append(kept, files...)
	}
	out.files = files.metas()

	var page []byte
	err = pgx.BeginFunc(ctx, in.writeDB(), func(tx pgx.Tx) error {
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
		if err := writeFiles(ctx, tx, caseID, entryID, files); err != nil {
			return err
		}
		if err := dropHeld(ctx, tx, s.held); err != nil {
			return err
		}
		if in.afterAttachments != nil {
			in.afterAttachments(ctx)
		}
		if page, err = render(out); err != nil {
			return err
		}
		// A reporter who went away never sees the receipt: a case stored now could never be followed.
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("intake: submit: %w", err)
	}
	return page, nil
}
