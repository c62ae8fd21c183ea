package admin

import (
	"encoding/json"
	"errors"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// caseWork fills in what the officer can do on the case page: the workflow actions the table allows
// them now, open proposals (and whether they may decide), whom they may assign, and the internal
// notes if they hold the internal key.
func (a *Admin) caseWork(c *gin.Context, caseID int64, p *casePage) error {
	ctx := c.Request.Context()
	o := officer(c)
	// The templates are in the reporter's language, not the officer's: the reporter reads them.
	templates, err := a.messageTemplates(ctx, a.DB, p.ReporterLang)
	if err != nil {
		return err
	}
	for _, act := range cases.Actions {
		if tr, ok := cases.Allowed(p.Case.Status, act, o.Roles); ok {
			p.Actions = append(p.Actions, offeredAction{Action: string(act), Reporter: tr.Reporter, Approval: tr.Approval,
				Outcome: tr.Outcome, Message: templates[string(act)]})
		}
	}
	p.Outcomes = cases.Outcomes
	p.RefKinds, p.Addressees = cases.ReferralKinds, cases.Addressees
	if p.Case.Kind == cases.KindSuggestion && p.Case.Status != "closed" && o.Has("supervisor") {
		p.CanAnswer = true
		rows, _ := a.DB.Query(ctx, `SELECT id, name_zh FROM agencies WHERE active ORDER BY sort_order, id`)
		list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[agencyName])
		if err != nil {
			return err
		}
		p.Agencies = list
	}
	rows, _ := a.DB.Query(ctx, `SELECT a.id, a.kind, o.display_name, a.proposed_by, a.proposed_at, a.payload->>'outcome',
		a.payload->'referral'->>'addressee', a.payload->'referral'->>'reference_no'
		FROM approvals a JOIN officers o ON o.id = a.proposed_by WHERE a.case_id = $1 AND a.decided_at IS NULL ORDER BY a.id`, caseID)
	approvals, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (pendingApproval, error) {
		var ap pendingApproval
		err := r.Scan(&ap.ID, &ap.Kind, &ap.Proposer, &ap.ProposedBy, &ap.ProposedAt, &ap.Outcome, &ap.Addressee, &ap.Reference)
		ap.CanView = o.Has("supervisor")
		ap.CanDecide = ap.CanView && ap.ProposedBy != o.ID
		return ap, err
	})
	if err != nil {
		return err
	}
	p.Approvals = approvals
	p.CanAssign = (o.Has("intake") || o.Has("supervisor")) && p.Case.Status != "closed"
	p.CanExclude = o.Has("supervisor")
	p.CanSubject = o.Has("intake") || o.Has("supervisor")
	rows, _ = a.DB.Query(ctx, `SELECT id, addressee, addressee_name, referred_on, reference_no, result FROM referrals WHERE case_id = $1 ORDER BY id`, caseID)
	if p.Referrals, err = pgx.CollectRows(rows, pgx.RowToStructByPos[referralRow]); err != nil {
		return err
	}
	// The assignee list starts at the current assignee, so that a form sent unchanged changes nothing.
	if err := a.DB.QueryRow(ctx, `SELECT coalesce(assignee_id, 0) FROM cases WHERE id = $1`, caseID).Scan(&p.Assignee); err != nil {
		return err
	}
	if p.CanAssign || p.CanExclude {
		// Officers excluded from the case, or whose case roles await approval, cannot be assigned it;
		// any case officer not excluded yet can be excluded.
		rows, _ := a.DB.Query(ctx, `SELECT id, display_name, roles_approved_at IS NOT NULL AND roles && ARRAY['intake','investigator','supervisor']
			FROM officers o WHERE disabled_at IS NULL
			AND roles && ARRAY['intake','investigator','supervisor','custodian']
			AND NOT EXISTS (SELECT 1 FROM case_exclusions x WHERE x.case_id = $1 AND x.officer_id = o.id AND x.lifted_at IS NULL)
			ORDER BY display_name`, caseID)
		type candidate struct {
			assignee
			Assignable bool
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (candidate, error) {
			var c candidate
			err := r.Scan(&c.ID, &c.Name, &c.Assignable)
			return c, err
		})
		if err != nil {
			return err
		}
		for _, c := range list {
			p.Excludable = append(p.Excludable, c.assignee)
			if c.Assignable {
				p.Assignees = append(p.Assignees, c.assignee)
			}
		}
	}
	if p.Exclusions, err = standingExclusions(ctx, a.DB, caseID); err != nil {
		return err
	}
	for i := range p.Exclusions {
		p.Exclusions[i].CanLift = o.Has("supervisor") && p.Exclusions[i].OfficerID != o.ID
	}
	if err := a.identityWork(c, caseID, p); err != nil {
		return err
	}
	internal, err := a.openCaseKey(c, caseID, "internal")
	if errors.Is(err, cases.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p.CanNotes = true
	entries, err := cases.Entries(ctx, a.DB, caseID, "internal", internal)
	if err != nil {
		return err
	}
	// A revealed identity is for the officers handling the case: its assignee, supervisors and
	// custodians. Intake officers hold the internal key of every case, to pass it on at assignment;
	// that alone does not make them the case's officers.
	handling := o.Has("supervisor") || o.Has("custodian")
	if !handling && p.Identity.Revealed {
		if err := a.DB.QueryRow(ctx, `SELECT assignee_id IS NOT DISTINCT FROM $2 FROM cases WHERE id = $1`, caseID, o.ID).Scan(&handling); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if e.Kind == cases.EntryIdentity && p.Identity.Revealed && handling {
			var id cases.IdentityContent
			json.Unmarshal(e.Plaintext, &id)
			p.Identity.Identities = append(p.Identity.Identities, id)
		}
		if e.Kind != "note" {
			continue // identity disclosures stay hidden until custody approves
		}
		var m cases.MessageContent
		json.Unmarshal(e.Plaintext, &m)
		p.Notes = append(p.Notes, threadEntry{Author: e.Author, Officer: e.Officer, At: e.CreatedAt, Text: m.Text})
	}
	return nil
}

// identityWork reads the open identity request, if any, and whether the identity was revealed.
func (a *Admin) identityWork(c *gin.Context, caseID int64, p *casePage) error {
	ctx := c.Request.Context()
	o := officer(c)
	if err := a.DB.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM identity_requests WHERE case_id = $1 AND revealed_at IS NOT NULL)`, caseID).Scan(&p.Identity.Revealed); err != nil {
		return err
	}
	var r identityReq
	err := a.DB.QueryRow(ctx, `SELECT r.id, q.display_name, r.requested_by, c.display_name, s.display_name
		FROM identity_requests r JOIN officers q ON q.id = r.requested_by
		LEFT JOIN officers c ON c.id = r.custodian_by LEFT JOIN officers s ON s.id = r.supervisor_by
		WHERE r.case_id = $1 AND r.revealed_at IS NULL AND r.rejected_at IS NULL`, caseID).
		Scan(&r.ID, &r.Requester, &r.RequestedBy, &r.Custodian, &r.Supervisor)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	r.CanDecide = r.RequestedBy != o.ID && (o.Has("custodian") && r.Custodian == nil || o.Has("supervisor") && r.Supervisor == nil)
	p.Identity.Open = &r
	return nil
}
