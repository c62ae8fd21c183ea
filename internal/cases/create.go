package cases

import (
	"context"
	"errors"
	"fmt"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// Kinds of case.
const (
	KindReport     = "report"
	KindSuggestion = "suggestion"
)

// NewCase is the plaintext metadata of a case.
type NewCase struct {
	Kind               string
	Category           string
	AgencyID           *int
	WhistleblowerAct   bool
	PublicationConsent bool
	Channel            string
	Lang               i18n.Lang // the language the reporter wrote in: their notices are written in it
}

// Grantees by key: who may open each case identity from the start. The reporter's receipt is added
// for the mailbox key; the recovery key gets both. Intake officers hold the internal key too: they
// write the triage notes, and an assignment passes on the keys the assigner holds.
var (
	mailboxRoles  = []string{"intake", "supervisor"}
	internalRoles = []string{"intake", "supervisor", "custodian"}
)

// Create stores a case and every grant of its keys, inside tx. The receipt's lookup value finds the
// case later; its seal key opens the mailbox grant.
func Create(ctx context.Context, tx pgx.Tx, n NewCase, keys crypto.CaseKeys, receipt crypto.ReceiptKeys, recovery age.Recipient) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO cases (kind, category, agency_id, whistleblower_act, publication_consent, channel,
		                   mailbox_recipient, internal_recipient, receipt_lookup, reporter_lang)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`,
		n.Kind, n.Category, n.AgencyID, n.WhistleblowerAct, n.PublicationConsent, n.Channel,
		keys.Mailbox.Recipient().String(), keys.Internal.Recipient().String(), receipt.Lookup, langOf(n.Lang.Code()).Code()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("cases: create: %w", err)
	}
	grants := []struct {
		key     string
		id      *age.HybridIdentity
		grantee string
		to      age.Recipient
	}{
		{"mailbox", keys.Mailbox, "recovery", recovery},
		{"internal", keys.Internal, "recovery", recovery},
		{"mailbox", keys.Mailbox, "receipt", receipt.Seal.Recipient()},
	}
	for _, g := range grants {
		sealed, err := crypto.Grant(g.id, g.to)
		if err != nil {
			return 0, err
		}
		if err := insertGrant(ctx, tx, id, g.key, g.grantee, nil, sealed); err != nil {
			return 0, err
		}
	}
	if err := grantOfficers(ctx, tx, id, "mailbox", keys.Mailbox, mailboxRoles); err != nil {
		return 0, err
	}
	if err := grantOfficers(ctx, tx, id, "internal", keys.Internal, internalRoles); err != nil {
		return 0, err
	}
	return id, nil
}

type officerRecipient struct {
	ID        int64
	Recipient string
}

// grantOfficers seals a case identity for every active officer holding one of roles, once a second
// supervisor has approved their case roles: an account the system administrator just made, changed
// or reset is not sealed to (migrations/019_accounts.sql).
func grantOfficers(ctx context.Context, tx pgx.Tx, caseID int64, key string, id *age.HybridIdentity, roles []string) error {
	rows, _ := tx.Query(ctx, `SELECT id, age_recipient FROM officers
		WHERE disabled_at IS NULL AND roles && $1 AND roles_approved_at IS NOT NULL ORDER BY id`, roles)
	officers, err := pgx.CollectRows(rows, pgx.RowToStructByPos[officerRecipient])
	if err != nil {
		return fmt.Errorf("cases: officers to grant: %w", err)
	}
	for _, o := range officers {
		r, err := crypto.ParseRecipient(o.Recipient)
		if err != nil {
			return err
		}
		sealed, err := crypto.Grant(id, r)
		if err != nil {
			return err
		}
		if err := insertGrant(ctx, tx, caseID, key, "officer", &o.ID, sealed); err != nil {
			return err
		}
	}
	return nil
}

func insertGrant(ctx context.Context, db database.DB, caseID int64, key, grantee string, officerID *int64, sealed []byte) error {
	_, err := db.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, $2, $3, $4, $5)`,
		caseID, key, grantee, officerID, sealed)
	if err != nil {
		return fmt.Errorf("cases: grant: %w", err)
	}
	return nil
}

// ErrNotFound means no case matches.
var ErrNotFound = errors.New("cases: not found")

// ErrShredded is returned for the receipt of a case whose records were destroyed at the end of its
// retention period: the reporter is told so, rather than that the receipt is wrong.
var ErrShredded = errors.New("cases: records destroyed")

// ByReceipt finds the case a receipt's lookup value belongs to, with the receipt's mailbox grant.
func ByReceipt(ctx context.Context, db database.DB, lookup []byte) (caseID int64, grant []byte, err error) {
	var status string
	err = db.QueryRow(ctx, `
		SELECT c.id, c.status, g.sealed FROM cases c
		LEFT JOIN case_grants g ON g.case_id = c.id AND g.grantee = 'receipt' AND g.key_name = 'mailbox'
		WHERE c.receipt_lookup = $1`, lookup).Scan(&caseID, &status, &grant)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && grant == nil && status != "shredded") {
		return 0, nil, ErrNotFound
	}
	if err == nil && status == "shredded" {
		return 0, nil, ErrShredded
	}
	if err != nil {
		return 0, nil, fmt.Errorf("cases: by receipt: %w", err)
	}
	return caseID, grant, nil
}

// OfficerGrant returns an officer's sealed grant of a case key: the authorization is the row itself.
func OfficerGrant(ctx context.Context, db database.DB, caseID, officerID int64, key string) ([]byte, error) {
	var sealed []byte
	err := db.QueryRow(ctx, `SELECT sealed FROM case_grants WHERE case_id = $1 AND officer_id = $2 AND key_name = $3`,
		caseID, officerID, key).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cases: officer grant: %w", err)
	}
	return sealed, nil
}
